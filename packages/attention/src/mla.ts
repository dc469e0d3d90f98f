// Multi-head latent attention (DeepSeek-AI 2024, "DeepSeek-V2: A Strong, Economical, and
// Efficient Mixture-of-Experts Language Model", section 2.1, eqs. 9–19).
//
// Glossary (per token; H heads)
//   h [Dm]                 the layer input
//   c_KV = W_DKV h  [dc]   joint low-rank compression of keys and values (kv_lora_rank = dc)
//   k_C = W_UK c_KV, v_C = W_UV c_KV   [H·dh], [H·dv]  per-head keys and values, up-projected
//   k_R = RoPE(W_KR h) [dR]            decoupled rotary key, one for all heads
//   c_Q = W_DQ h   [dcq]               query compression (q_lora_rank = dcq; optional)
//   q_C = W_UQ c_Q [H·dh],  q_R = RoPE(W_QR c_Q) [H·dR]
//   head i: q = [q_C,i ; q_R,i], k = [k_C,i ; k_R], scores scaled by 1/sqrt(dh + dR)
//   out = W_O [o_1; ...; o_H]
// The cache holds c_KV and k_R only: dc + dR numbers per token instead of 2·H·dh.
//
// Absorbed (inference) form: q_C,iᵀ k_C,i = (W_UK,iᵀ q_C,i)ᵀ c_KV, so W_UK folds into the query
// side (with W_UQ: one [dcq, dc] matrix per head) and the keys are the cached latents themselves;
// W_UV folds into W_O the same way. Attention then runs as multi-query attention over the cache
// ([c_KV ; k_R] as the single key head, c_KV as the single value head) and never up-projects it.
//
// Parameter names are those of DeepSeek-V2's Hugging Face code (modeling_deepseek.py):
//   q_a_proj [dcq, Dm] (W_DQ), q_b_proj [H·(dh+dR), dcq] (per head: W_UQ rows then W_QR rows),
//   or q_proj [H·(dh+dR), Dm] without query compression;
//   kv_a_proj_with_mqa [dc+dR, Dm] (W_DKV rows then W_KR rows);
//   kv_b_proj [H·(dh+dv), dc] (per head: W_UK rows then W_UV rows);  o_proj [Dm, H·dv] (W_O).
// `mlaStateDictFromPaper` converts the paper's matrices. Differences from that code: no RMSNorms
// on the latents (q_a_layernorm, kv_a_layernorm; @seqmod/nn has no RMSNorm yet), no YaRN scaling,
// and RoPE's convention is an option ('half' default; DeepSeek's checkpoints rotate interleaved
// pairs, which HF's code permutes into the half layout before rotating).
import { Linear, Module, RMSNorm } from '@seqmod/nn';
import {
  concat,
  type DType,
  expand,
  fmtShape,
  Generator,
  matmul,
  permute,
  reshape,
  ShapeError,
  slice,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import { type AttentionImpl, attention } from './attention';
import { mergeHeads, splitHeads } from './heads';
import type { MLACache } from './mla-cache';
import { applyRope, type RopeConvention } from './rope';

export interface MultiHeadLatentAttentionOptions {
  numHeads: number;
  /** dh: width of the non-rotary part of each query/key head (qk_nope_head_dim). */
  headDim: number;
  /** dR: width of the rotary part (qk_rope_head_dim). */
  ropeHeadDim: number;
  /** dc: width of the key/value latent (kv_lora_rank). */
  kvLoraRank: number;
  /** dcq: width of the query latent (q_lora_rank); 0 or omitted: no query compression. */
  qLoraRank?: number;
  /** dv: width of each value head (default headDim). */
  vHeadDim?: number;
  ropeTheta?: number;
  ropeConvention?: RopeConvention;
  /**
   * DeepSeek-V2's RMSNorms on the latents (q_a_layernorm on c_Q, kv_a_layernorm on c_KV, ε = 1e-6
   * as its config), needed to load its checkpoints; off by default, as in the paper's equations.
   * The cache then holds the normalised c_KV, which is what both forms read.
   */
  latentNorms?: boolean | { eps?: number };
  /** Default 'tiled'. */
  impl?: AttentionImpl;
  dtype?: DType;
  rng?: Generator;
}

/** The folded matrices of the absorbed form (see absorb()). */
export interface MlaAbsorbedWeights {
  /** W_UQ,iᵀ W_UK,i per head: [H, dq, dc] (dq = dcq, or Dm without query compression) */
  qk: Tensor;
  /** W_QR,iᵀ per head: [H, dq, dR] */
  qr: Tensor;
  /** W_O,i W_UV,i side by side: [Dm, H·dc] */
  ov: Tensor;
}

export interface MlaForwardOptions {
  /** Appends this call's c_KV and k_R; queries attend over everything cached (bottom-right causal). */
  cache?: MLACache;
  /** Use the absorbed form: true, or weights precomputed by absorb() (reuse them across decoding steps). */
  absorbed?: boolean | MlaAbsorbedWeights;
  /** Default true. */
  causal?: boolean;
}

export class MultiHeadLatentAttention extends Module {
  readonly dModel: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly ropeHeadDim: number;
  readonly kvLoraRank: number;
  readonly qLoraRank: number;
  readonly vHeadDim: number;
  private readonly opts: MultiHeadLatentAttentionOptions;

  constructor(dModel: number, opts: MultiHeadLatentAttentionOptions) {
    super();
    const { numHeads: H, headDim: dh, ropeHeadDim: dR, kvLoraRank: dc } = opts;
    const dcq = opts.qLoraRank ?? 0;
    const dv = opts.vHeadDim ?? dh;
    for (const [n, v] of Object.entries({ dModel, numHeads: H, headDim: dh, kvLoraRank: dc, vHeadDim: dv })) {
      if (!Number.isInteger(v) || v <= 0)
        throw new ValueError('MultiHeadLatentAttention', `${n} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(dR) || dR <= 0 || dR % 2 !== 0)
      throw new ValueError(
        'MultiHeadLatentAttention',
        `ropeHeadDim must be a positive even integer, got ${dR}`,
      );
    if (!Number.isInteger(dcq) || dcq < 0)
      throw new ValueError(
        'MultiHeadLatentAttention',
        `qLoraRank must be a non-negative integer, got ${dcq}`,
      );
    this.dModel = dModel;
    this.numHeads = H;
    this.headDim = dh;
    this.ropeHeadDim = dR;
    this.kvLoraRank = dc;
    this.qLoraRank = dcq;
    this.vHeadDim = dv;
    this.opts = opts;
    const rng = opts.rng ?? new Generator('seqmod.attention.mla');
    const lin = (i: number, o: number) => new Linear(i, o, { bias: false, dtype: opts.dtype, rng });
    if (dcq > 0) {
      this.registerModule('q_a_proj', lin(dModel, dcq));
      this.registerModule('q_b_proj', lin(dcq, H * (dh + dR)));
    } else this.registerModule('q_proj', lin(dModel, H * (dh + dR)));
    this.registerModule('kv_a_proj_with_mqa', lin(dModel, dc + dR));
    if (opts.latentNorms) {
      const eps = (typeof opts.latentNorms === 'object' ? opts.latentNorms.eps : undefined) ?? 1e-6;
      if (dcq > 0) this.registerModule('q_a_layernorm', new RMSNorm(dcq, { eps, dtype: opts.dtype }));
      this.registerModule('kv_a_layernorm', new RMSNorm(dc, { eps, dtype: opts.dtype }));
    }
    this.registerModule('kv_b_proj', lin(dc, H * (dh + dv)));
    this.registerModule('o_proj', lin(H * dv, dModel));
  }

  private linear(name: string): Linear {
    return this.children().find(([n]) => n === name)![1] as Linear;
  }

  /** x through the latent RMSNorm `name` when the layer has latent norms, else x. */
  private latentNorm(name: string, x: Tensor): Tensor {
    const norm = this.children().find(([n]) => n === name)?.[1] as RMSNorm | undefined;
    return norm ? norm.forward(x) : x;
  }

  /** The query-side input c_Q [B, L, dcq] (h itself without query compression). */
  private queryLatent(h: Tensor): Tensor {
    return this.qLoraRank > 0 ? this.latentNorm('q_a_layernorm', this.linear('q_a_proj').forward(h)) : h;
  }

  private queryWeight(): Tensor {
    return this.linear(this.qLoraRank > 0 ? 'q_b_proj' : 'q_proj').weight;
  }

  private rope(x: Tensor, offset: number): Tensor {
    return applyRope(x, {
      theta: this.opts.ropeTheta ?? 10000,
      convention: this.opts.ropeConvention ?? 'half',
      offset,
    });
  }

  /** Folds W_UK into the query side and W_UV into the output (differentiable in the weights). */
  absorb(): MlaAbsorbedWeights {
    const { numHeads: H, headDim: dh, ropeHeadDim: dR, kvLoraRank: dc, vHeadDim: dv, dModel } = this;
    const wq = reshape(this.queryWeight(), [H, dh + dR, -1]); // [H, dh + dR, dq]
    const wkv = reshape(this.linear('kv_b_proj').weight, [H, dh + dv, dc]);
    const wUK = slice(wkv, 1, 0, dh); // [H, dh, dc]
    const wUV = slice(wkv, 1, dh); // [H, dv, dc]
    const qk = matmul(transpose(slice(wq, 1, 0, dh)), wUK); // [H, dq, dc]
    const qr = transpose(slice(wq, 1, dh)); // [H, dq, dR]
    const wO = permute(reshape(this.linear('o_proj').weight, [dModel, H, dv]), [1, 0, 2]); // [H, Dm, dv]
    const ov = reshape(permute(matmul(wO, wUV), [1, 0, 2]), [dModel, H * dc]); // [Dm, H·dc]
    return { qk, qr, ov };
  }

  /** h: [B, L, Dm] -> [B, L, Dm]. */
  forward(h: Tensor, opts: MlaForwardOptions = {}): Tensor {
    if (h.ndim !== 3 || h.shape[2] !== this.dModel)
      throw new ShapeError(
        'MultiHeadLatentAttention',
        `h must be [B, L, ${this.dModel}], got ${fmtShape(h.shape)}`,
      );
    const { numHeads: H, headDim: dh, ropeHeadDim: dR, kvLoraRank: dc } = this;
    const offset = opts.cache?.length ?? 0;
    const causal = opts.causal ?? true;
    const scale = 1 / Math.sqrt(dh + dR);
    const impl = this.opts.impl ?? 'tiled';
    const cQ = this.queryLatent(h);
    const kva = this.linear('kv_a_proj_with_mqa').forward(h);
    let ckv = this.latentNorm('kv_a_layernorm', slice(kva, -1, 0, dc));
    let kr = this.rope(slice(kva, -1, dc), offset); // [B, L, dR]
    // Rows [c_KV ; k_R] of every token attended to: read in place from the cache.
    let latent: Tensor | null = null;
    if (opts.cache) {
      opts.cache.append(ckv, kr);
      ({ latent, ckv, kr } = { latent: opts.cache.latent, ckv: opts.cache.ckv, kr: opts.cache.kr });
    }
    const [B, T] = ckv.shape as [number, number];

    if (opts.absorbed) {
      const w = opts.absorbed === true ? this.absorb() : opts.absorbed;
      const cq = unsqueeze(cQ, 1); // [B, 1, L, dq]
      const qLatent = matmul(cq, w.qk); // [B, H, L, dc]
      const qR = this.rope(matmul(cq, w.qr), offset); // [B, H, L, dR]
      const keys = unsqueeze(latent ?? concat([ckv, kr], -1), 1); // [B, 1, T, dc + dR]: one key head for all
      const ctx = attention(concat([qLatent, qR], -1), keys, slice(keys, -1, 0, dc), { causal, scale, impl }); // [B, H, L, dc]
      return matmul(mergeHeads(ctx), transpose(w.ov));
    }

    const q = splitHeads(matmul(cQ, transpose(this.queryWeight())), H); // [B, H, L, dh + dR]
    const qR = this.rope(slice(q, -1, dh), offset);
    const kv = splitHeads(this.linear('kv_b_proj').forward(ckv), H); // [B, H, T, dh + dv]
    const kR = expand(unsqueeze(kr, 1), [B, H, T, dR]);
    const ctx = attention(
      concat([slice(q, -1, 0, dh), qR], -1),
      concat([slice(kv, -1, 0, dh), kR], -1),
      slice(kv, -1, dh),
      {
        causal,
        scale,
        impl,
      },
    );
    return this.linear('o_proj').forward(mergeHeads(ctx));
  }
}
