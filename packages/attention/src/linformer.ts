// Linformer (Wang et al. 2020, "Linformer: Self-Attention with Linear Complexity").
//
// Glossary
//   L        sequence length (at most the module's seqLen);  kp  projected length, kp ≪ L
//   E, F     [kp, L] learned projections along the length: K' = E K, V' = F V  [kp, d]
//   out      softmax(Q K'ᵀ·s) V'  — an Lq × kp score matrix instead of Lq × L
// Linformer mixes positions before attending, so it has no causal form (a projected key mixes
// future tokens into the past); it is an encoder attention.
import { Linear, Module } from '@seqmod/nn';
import {
  type DType,
  fmtShape,
  Generator,
  matmul,
  ShapeError,
  slice,
  type Tensor,
  uniformInit,
  ValueError,
} from '@seqmod/tensor';
import { mergeHeads, splitHeads } from './heads';
import { type SdpaOptions, scaledDotProductAttention } from './sdpa';

/**
 * q: [B, H, L, d], k: [B, H, L, d], v: [B, H, L, dv], E, F: [kp, L] -> [B, H, L, dv].
 * Options as scaledDotProductAttention, except causal (Linformer has no causal form).
 */
export function linformerAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  E: Tensor,
  F: Tensor,
  opts: Omit<SdpaOptions, 'causal'> = {},
): Tensor {
  const L = k.shape[2];
  for (const [n, P] of [
    ['E', E],
    ['F', F],
  ] as const) {
    if (P.ndim !== 2 || P.shape[1] !== L)
      throw new ShapeError('linformerAttention', `${n} must be [kp, ${L}], got ${fmtShape(P.shape)}`);
  }
  if ((opts as { causal?: boolean }).causal)
    throw new ValueError('linformerAttention', 'Linformer has no causal form');
  // [kp, L] · [B, H, L, d] broadcasts to [B, H, kp, d].
  return scaledDotProductAttention(q, matmul(E, k), matmul(F, v), opts);
}

export interface LinformerOptions {
  /** One projection for keys and values (E = F; the paper's "key-value sharing"). Default false. */
  shareKV?: boolean;
  /** Biases on q/k/v/out projections (default true). */
  bias?: boolean;
  dtype?: DType;
  rng?: Generator;
}

/** Linformer self-attention. Parameters q_proj, k_proj, v_proj, o_proj (Linear), E and F: [kp, seqLen]. */
export class LinformerSelfAttention extends Module {
  readonly dModel: number;
  readonly numHeads: number;
  readonly seqLen: number;
  readonly projDim: number;
  readonly shareKV: boolean;

  constructor(
    dModel: number,
    numHeads: number,
    seqLen: number,
    projDim: number,
    opts: LinformerOptions = {},
  ) {
    super();
    if (dModel % numHeads !== 0)
      throw new ValueError(
        'LinformerSelfAttention',
        `dModel (${dModel}) must be a multiple of numHeads (${numHeads})`,
      );
    this.dModel = dModel;
    this.numHeads = numHeads;
    this.seqLen = seqLen;
    this.projDim = projDim;
    this.shareKV = opts.shareKV ?? false;
    const rng = opts.rng ?? new Generator('seqmod.attention.linformer');
    const bias = opts.bias ?? true;
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'o_proj'])
      this.registerModule(n, new Linear(dModel, dModel, { bias, dtype: opts.dtype, rng }));
    const bound = 1 / Math.sqrt(projDim);
    this.registerParameter('E', uniformInit([projDim, seqLen], -bound, bound, { rng, dtype: opts.dtype }));
    if (!this.shareKV)
      this.registerParameter('F', uniformInit([projDim, seqLen], -bound, bound, { rng, dtype: opts.dtype }));
  }

  private linear(name: string): Linear {
    return this.children().find(([n]) => n === name)![1] as Linear;
  }

  /** x: [B, L, dModel], L ≤ seqLen -> [B, L, dModel]. Shorter inputs use the first L columns of E and F. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.dModel || x.shape[1]! > this.seqLen) {
      throw new ShapeError(
        'LinformerSelfAttention',
        `x must be [B, L ≤ ${this.seqLen}, ${this.dModel}], got ${fmtShape(x.shape)}`,
      );
    }
    const L = x.shape[1]!;
    const E = slice(this.param('E'), 1, 0, L);
    const F = this.shareKV ? E : slice(this.param('F'), 1, 0, L);
    const H = this.numHeads;
    const [q, k, v] = ['q_proj', 'k_proj', 'v_proj'].map((n) => splitHeads(this.linear(n).forward(x), H)) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    return this.linear('o_proj').forward(mergeHeads(linformerAttention(q, k, v, E, F)));
  }
}
