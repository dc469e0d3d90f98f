// Local (sliding-window) and block-sparse (window + global tokens, Longformer: Beltagy et al.
// 2020) attention. Both run the tiled kernel with a pattern generated on the fly, so no mask is
// stored and tiles outside the pattern are skipped: a window of w keys costs O(L·w) time and
// O(L) memory.
import type { Tensor } from '@seqmod/tensor';
import { longformerPattern, slidingWindowPattern } from './attention-pattern';
import { type FlashAttentionOptions, flashAttention } from './flash-attention';

export interface LocalAttentionOptions extends Omit<FlashAttentionOptions, 'pattern'> {
  /** Keys before each query that it sees. */
  left: number;
  /** Keys after each query that it sees (default 0: causal local attention). */
  right?: number;
}

/** Sliding-window attention: the query at position p sees keys p − left .. p + right. Shapes as flashAttention. */
export function localAttention(q: Tensor, k: Tensor, v: Tensor, opts: LocalAttentionOptions): Tensor {
  const { left, right, ...rest } = opts;
  return flashAttention(q, k, v, { ...rest, pattern: slidingWindowPattern({ left, right }) });
}

export interface BlockSparseAttentionOptions extends Omit<FlashAttentionOptions, 'pattern'> {
  /** Keys before each query in its window. */
  left: number;
  /** Keys after each query (default: left; 0 when causal). */
  right?: number;
  /** Positions with global attention: they see every key and every query sees them. */
  global?: readonly number[];
}

/** Longformer-style attention: a sliding window plus global tokens. Shapes as flashAttention. */
export function blockSparseAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: BlockSparseAttentionOptions,
): Tensor {
  const { left, right, global, causal, ...rest } = opts;
  return flashAttention(q, k, v, { ...rest, pattern: longformerPattern({ left, right, global, causal }) });
}
