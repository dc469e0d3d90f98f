// One entry point over the two softmax-attention paths, for the modules: 'plain' materialises
// the Lq × Lk matrix (and supports dense masks and returning the weights); 'tiled' is the O(L)
// FlashAttention kernel.
import { type Tensor, ValueError } from '@seqmod/tensor';
import { type FlashAttentionOptions, flashAttention } from './flash-attention';
import { type SdpaOptions, scaledDotProductAttention } from './sdpa';

export type AttentionImpl = 'plain' | 'tiled';

export interface AttentionCallOptions extends SdpaOptions, Pick<FlashAttentionOptions, 'blockQ' | 'blockK'> {
  /** Which path computes it (default 'plain'). */
  impl?: AttentionImpl;
}

/** Softmax attention by either path. q: [B, H, Lq, d], k: [B, Hkv, Lk, d], v: [B, Hkv, Lk, dv] -> [B, H, Lq, dv]. */
export function attention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionCallOptions = {}): Tensor {
  const { impl = 'plain', mask, keep, blockQ, blockK, ...common } = opts;
  if (impl === 'plain') return scaledDotProductAttention(q, k, v, { ...common, mask, keep });
  if (impl === 'tiled') {
    if (mask || keep)
      throw new ValueError(
        'attention',
        "dense masks need impl 'plain'; the tiled path takes causal, pattern and alibiSlopes",
      );
    return flashAttention(q, k, v, { ...common, blockQ, blockK });
  }
  throw new ValueError('attention', `impl must be 'plain' or 'tiled', got ${String(impl)}`);
}
