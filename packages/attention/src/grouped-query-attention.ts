// Grouped-query attention (Ainslie et al. 2023, "GQA") and multi-query attention (Shazeer 2019,
// "Fast Transformer Decoding: One Write-Head is All You Need"): H query heads share G key/value
// heads, query head h reading key/value head h // (H/G). G = H is multi-head attention, G = 1 is
// multi-query attention. The KV cache shrinks by H/G.
//
// The module uses the parameter names of Hugging Face's LLaMA attention (q_proj, k_proj, v_proj,
// o_proj, no biases by default) and optional rotary embeddings on queries and keys.
import { Linear, Module } from '@seqmod/nn';
import { type DType, fmtShape, Generator, ShapeError, type Tensor, ValueError } from '@seqmod/tensor';
import { type AttentionCallOptions, type AttentionImpl, attention } from './attention';
import { checkHeads } from './head-shapes';
import { mergeHeads, splitHeads } from './heads';
import type { KVCache } from './kv-cache';
import { applyRope, type RopeConvention } from './rope';

/**
 * Grouped-query attention on heads: q: [B, H, Lq, d], k: [B, G, Lk, d], v: [B, G, Lk, dv]
 * -> [B, H, Lq, dv], G dividing H.
 */
export function groupedQueryAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: AttentionCallOptions = {},
): Tensor {
  checkHeads('groupedQueryAttention', q, k, v);
  return attention(q, k, v, opts);
}

export interface GroupedQueryAttentionOptions {
  /** Width of each head (default dModel / numHeads). */
  headDim?: number;
  /** Biases on the projections (default false, as LLaMA). */
  bias?: boolean;
  /** Rotary embeddings on q and k (default none). */
  rope?: { theta?: number; convention?: RopeConvention };
  /** Causal self-attention (default true). */
  causal?: boolean;
  /** Attention dropout in train mode (default 0). */
  dropout?: number;
  /** 'plain' or 'tiled' (default 'tiled': O(L) memory). */
  impl?: AttentionImpl;
  dtype?: DType;
  rng?: Generator;
}

export class GroupedQueryAttention extends Module {
  readonly dModel: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  private readonly opts: GroupedQueryAttentionOptions;
  private readonly rng: Generator;

  constructor(dModel: number, numHeads: number, numKvHeads: number, opts: GroupedQueryAttentionOptions = {}) {
    super();
    if (
      !Number.isInteger(numHeads) ||
      !Number.isInteger(numKvHeads) ||
      numKvHeads <= 0 ||
      numHeads % numKvHeads !== 0
    ) {
      throw new ValueError(
        'GroupedQueryAttention',
        `numKvHeads (${numKvHeads}) must divide numHeads (${numHeads})`,
      );
    }
    const headDim = opts.headDim ?? dModel / numHeads;
    if (!Number.isInteger(headDim) || headDim <= 0) {
      throw new ValueError(
        'GroupedQueryAttention',
        `dModel (${dModel}) / numHeads (${numHeads}) is not an integer; pass headDim`,
      );
    }
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p < 1))
      throw new ValueError('GroupedQueryAttention', `dropout must be in [0, 1), got ${p}`);
    this.dModel = dModel;
    this.numHeads = numHeads;
    this.numKvHeads = numKvHeads;
    this.headDim = headDim;
    this.opts = opts;
    this.rng = opts.rng ?? new Generator('seqmod.attention.gqa');
    const lin = (i: number, o: number) =>
      new Linear(i, o, { bias: opts.bias ?? false, dtype: opts.dtype, rng: this.rng });
    this.registerModule('q_proj', lin(dModel, numHeads * headDim));
    this.registerModule('k_proj', lin(dModel, numKvHeads * headDim));
    this.registerModule('v_proj', lin(dModel, numKvHeads * headDim));
    this.registerModule('o_proj', lin(numHeads * headDim, dModel));
  }

  private linear(name: string): Linear {
    return this.children().find(([n]) => n === name)![1] as Linear;
  }

  /**
   * x: [B, L, dModel] -> [B, L, dModel]. With a cache, the call's keys and values are appended and
   * its tokens sit at positions cache.length .. cache.length + L − 1 (for RoPE and causality).
   */
  forward(x: Tensor, opts: { cache?: KVCache } = {}): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.dModel) {
      throw new ShapeError(
        'GroupedQueryAttention',
        `x must be [B, L, ${this.dModel}], got ${fmtShape(x.shape)}`,
      );
    }
    const offset = opts.cache?.length ?? 0;
    let q = splitHeads(this.linear('q_proj').forward(x), this.numHeads);
    let k = splitHeads(this.linear('k_proj').forward(x), this.numKvHeads);
    let v = splitHeads(this.linear('v_proj').forward(x), this.numKvHeads);
    if (this.opts.rope) {
      q = applyRope(q, { ...this.opts.rope, offset });
      k = applyRope(k, { ...this.opts.rope, offset });
    }
    if (opts.cache) ({ keys: k, values: v } = opts.cache.append(k, v));
    const p = this.opts.dropout ?? 0;
    const dropout = this.training && p > 0 ? { p, seed: this.rng.nextUint32() } : undefined;
    const ctx = attention(q, k, v, {
      causal: this.opts.causal ?? true,
      dropout,
      impl: this.opts.impl ?? 'tiled',
    });
    return this.linear('o_proj').forward(mergeHeads(ctx));
  }
}

/** Multi-query attention: one key/value head shared by all query heads. */
export class MultiQueryAttention extends GroupedQueryAttention {
  constructor(dModel: number, numHeads: number, opts: GroupedQueryAttentionOptions = {}) {
    super(dModel, numHeads, 1, opts);
  }
}
