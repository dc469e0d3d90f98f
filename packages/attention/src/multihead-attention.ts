// Multi-head attention with torch.nn.MultiheadAttention's parameters and behaviour
// (batch_first=True), so a PyTorch state dict loads unchanged and gives the same outputs.
//
// Glossary
//   E            embedding width; H heads of width dh = E / H
//   in_proj_weight [3E, E]  rows [0, E) project queries, [E, 2E) keys, [2E, 3E) values
//   in_proj_bias   [3E]
//   out_proj     Linear(E, E): out_proj.weight [E, E], out_proj.bias [E]
//   attn_weights softmax probabilities averaged over heads [B, Lq, Lk] (torch's default
//                average_attn_weights=True), after dropout as in torch
//
// Reference: torch.nn.MultiheadAttention / F.multi_head_attention_forward (torch 1.13) with
// kdim = vdim = E. Not supported: add_bias_kv, add_zero_attn, separate kdim/vdim.
import { Linear, Module } from '@seqmod/nn';
import {
  add,
  type DType,
  eq,
  fmtShape,
  Generator,
  matmul,
  mean,
  noGrad,
  reshape,
  ShapeError,
  slice,
  type Tensor,
  transpose,
  ValueError,
  xavierUniform,
  zeros,
} from '@seqmod/tensor';
import { type AttentionImpl, attention } from './attention';
import { mergeHeads, splitHeads } from './heads';
import type { KVCache } from './kv-cache';
import { attentionWithWeights } from './sdpa';

export interface MultiheadAttentionOptions {
  /** Biases on the input and output projections (default true, as torch). */
  bias?: boolean;
  /** Dropout probability on the attention weights in train mode (default 0). */
  dropout?: number;
  /** Path used when the weights are not requested (default 'plain'). */
  impl?: AttentionImpl;
  dtype?: DType;
  /** Initialisation and dropout seeds (default: a fixed seed). */
  rng?: Generator;
}

export interface MultiheadForwardOptions {
  /** Causal masking, bottom-right aligned (see AttentionOptions.causal). */
  causal?: boolean;
  /** Additive mask [Lq, Lk] or broadcastable to [B, H, Lq, Lk] (torch's float attn_mask). */
  attnMask?: Tensor;
  /** [B, Lk], nonzero at padding keys to ignore (torch's key_padding_mask, True = ignore). */
  keyPaddingMask?: Tensor;
  /** Return the attention weights (default true, as torch); forces the plain path. */
  needWeights?: boolean;
  /** Average the weights over heads (default true) or return [B, H, Lq, Lk]. */
  averageWeights?: boolean;
  /**
   * Self-attention decoding: the projected keys and values of this call are appended to the cache
   * and the queries attend to everything in it (use with causal: true).
   */
  cache?: KVCache;
}

export interface MultiheadAttentionOutput {
  /** [B, Lq, E] */
  output: Tensor;
  /** [B, Lq, Lk] (or [B, H, Lq, Lk] unaveraged), null when not requested */
  weights: Tensor | null;
}

export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly dropoutP: number;
  readonly impl: AttentionImpl;
  private readonly rng: Generator;
  private readonly hasBias: boolean;

  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (
      !Number.isInteger(embedDim) ||
      !Number.isInteger(numHeads) ||
      numHeads <= 0 ||
      embedDim % numHeads !== 0
    ) {
      throw new ValueError(
        'MultiheadAttention',
        `embedDim (${embedDim}) must be a multiple of numHeads (${numHeads})`,
      );
    }
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p < 1)) throw new ValueError('MultiheadAttention', `dropout must be in [0, 1), got ${p}`);
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    this.dropoutP = p;
    this.impl = opts.impl ?? 'plain';
    this.rng = opts.rng ?? new Generator('seqmod.attention.mha');
    const bias = opts.bias ?? true;
    this.hasBias = bias;
    const dtype = opts.dtype;
    // torch: xavier_uniform_ on in_proj_weight, zero biases, default Linear init for out_proj.weight.
    this.registerParameter(
      'in_proj_weight',
      xavierUniform([3 * embedDim, embedDim], { rng: this.rng, dtype }),
    );
    this.registerParameter('in_proj_bias', bias ? zeros([3 * embedDim], { dtype }) : null);
    const out = this.registerModule(
      'out_proj',
      new Linear(embedDim, embedDim, { bias, dtype, rng: this.rng }),
    );
    if (out.bias) noGrad(() => out.bias!.data.fill(0));
  }

  private project(x: Tensor, part: number): Tensor {
    const E = this.embedDim;
    const w = slice(this.param('in_proj_weight'), 0, part * E, (part + 1) * E);
    const y = matmul(x, transpose(w));
    return this.hasBias ? add(y, slice(this.param('in_proj_bias'), 0, part * E, (part + 1) * E)) : y;
  }

  /** query: [B, Lq, E], key, value: [B, Lk, E] (default: query) -> output [B, Lq, E], weights. */
  forward(
    query: Tensor,
    key: Tensor = query,
    value: Tensor = key,
    opts: MultiheadForwardOptions = {},
  ): MultiheadAttentionOutput {
    const E = this.embedDim;
    for (const [n, t] of [
      ['query', query],
      ['key', key],
      ['value', value],
    ] as const) {
      if (t.ndim !== 3 || t.shape[2] !== E || t.shape[0] !== query.shape[0]) {
        throw new ShapeError(
          'MultiheadAttention',
          `${n} must be [B, L, ${E}] (batch_first), got ${fmtShape(t.shape)}`,
        );
      }
    }
    if (key.shape[1] !== value.shape[1])
      throw new ShapeError(
        'MultiheadAttention',
        `key ${fmtShape(key.shape)} and value ${fmtShape(value.shape)} lengths differ`,
      );
    const H = this.numHeads;
    const q = splitHeads(this.project(query, 0), H);
    let k = splitHeads(this.project(key, 1), H);
    let v = splitHeads(this.project(value, 2), H);
    if (opts.cache) ({ keys: k, values: v } = opts.cache.append(k, v));
    const [B, , Lk] = k.shape as [number, number, number];
    let keep: Tensor | undefined;
    if (opts.keyPaddingMask) {
      const m = opts.keyPaddingMask;
      if (m.ndim !== 2 || m.shape[0] !== B || m.shape[1] !== Lk) {
        throw new ShapeError(
          'MultiheadAttention',
          `keyPaddingMask must be [${B}, ${Lk}], got ${fmtShape(m.shape)}`,
        );
      }
      keep = reshape(eq(m.detach(), 0), [B, 1, 1, Lk]);
    }
    const dropout =
      this.training && this.dropoutP > 0 ? { p: this.dropoutP, seed: this.rng.nextUint32() } : undefined;
    const common = { causal: opts.causal, mask: opts.attnMask, keep, dropout };
    let ctx: Tensor;
    let weights: Tensor | null = null;
    if (opts.needWeights ?? true) {
      const r = attentionWithWeights(q, k, v, common);
      ctx = r.out;
      weights = (opts.averageWeights ?? true) ? mean(r.weights, 1) : r.weights;
    } else ctx = attention(q, k, v, { ...common, impl: keep || opts.attnMask ? 'plain' : this.impl });
    const outProj = this.children().find(([n]) => n === 'out_proj')![1] as Linear;
    return { output: outProj.forward(mergeHeads(ctx)), weights };
  }
}
