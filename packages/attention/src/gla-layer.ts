// A gated linear attention layer (Yang et al. 2024) in the shape of fla's GatedLinearAttention:
// projections, optional short convolutions before q, k, v, a low-rank data-dependent decay, the
// GLA recurrence, a SiLU output gate and the output projection.
//
// Glossary
//   D        model width;  H heads;  dk = D·expandK/H, dv = D·expandV/H per head
//   gk       logsigmoid(gk_proj(x)) / gateLogitNormalizer, the per-channel log decay (≤ 0)
//   out      o_proj( GLA(q, k, v, gk) ⊙ silu(g_proj(x)) )
// Parameter names follow fla (q_proj, k_proj, v_proj, g_proj, gk_proj.0, gk_proj.1, o_proj,
// q_conv1d, k_conv1d, v_conv1d, g_norm_swish_gate). As in fla, each head's output is normalised
// by an RMSNorm over its dv channels (weight shared by the heads) before the SiLU gate.
import { Linear, Module, RMSNorm, Sequential } from '@seqmod/nn';
import {
  type DType,
  fmtShape,
  Generator,
  logSigmoid,
  mul,
  ShapeError,
  silu,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { type GlaMode, gatedLinearAttention } from './gated-linear-attention';
import { mergeHeads, splitHeads } from './heads';
import { ShortConvolution } from './short-convolution';

export interface GatedLinearAttentionOptions {
  numHeads: number;
  /** Key width as a multiple of D (default 0.5, as fla). */
  expandK?: number;
  /** Value width as a multiple of D (default 1). */
  expandV?: number;
  /** Rank of the decay projection (default 16). */
  gateLowRankDim?: number;
  /** Divides the log decay, keeping it near 0 (slow forgetting) at init (default 16). */
  gateLogitNormalizer?: number;
  /** Kernel of short convolutions before q, k, v; 0 for none (default 0, as fla). */
  convSize?: number;
  /** ε of the per-head output RMSNorm (default 1e-5, fla's norm_eps). */
  normEps?: number;
  /** Default 'chunkwise'. */
  mode?: GlaMode;
  chunkSize?: number;
  dtype?: DType;
  rng?: Generator;
}

/** What a GLA layer carries between calls when decoding. */
export interface GlaLayerState {
  /** [B, H, dk, dv] */
  S: Tensor;
  /** Short-convolution states [B, K − 1, width] of q, k, v (absent without convolutions). */
  conv?: { q: Tensor; k: Tensor; v: Tensor };
}

export class GatedLinearAttention extends Module {
  readonly dModel: number;
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  private readonly opts: GatedLinearAttentionOptions;

  constructor(dModel: number, opts: GatedLinearAttentionOptions) {
    super();
    const H = opts.numHeads;
    const keyDim = Math.round(dModel * (opts.expandK ?? 0.5));
    const valueDim = Math.round(dModel * (opts.expandV ?? 1));
    if (keyDim % H !== 0 || valueDim % H !== 0) {
      throw new ValueError(
        'GatedLinearAttention',
        `key width ${keyDim} and value width ${valueDim} must be multiples of numHeads ${H}`,
      );
    }
    this.dModel = dModel;
    this.numHeads = H;
    this.keyDim = keyDim;
    this.valueDim = valueDim;
    this.opts = opts;
    const rng = opts.rng ?? new Generator('seqmod.attention.gla');
    const dtype = opts.dtype;
    const lin = (i: number, o: number, bias = false) => new Linear(i, o, { bias, dtype, rng });
    this.registerModule('q_proj', lin(dModel, keyDim));
    this.registerModule('k_proj', lin(dModel, keyDim));
    this.registerModule('v_proj', lin(dModel, valueDim));
    this.registerModule('g_proj', lin(dModel, valueDim));
    const r = opts.gateLowRankDim ?? 16;
    this.registerModule('gk_proj', new Sequential(lin(dModel, r), lin(r, keyDim, true)));
    this.registerModule('g_norm_swish_gate', new RMSNorm(valueDim / H, { eps: opts.normEps ?? 1e-5, dtype }));
    this.registerModule('o_proj', lin(valueDim, dModel));
    const K = opts.convSize ?? 0;
    if (K > 0) {
      this.registerModule('q_conv1d', new ShortConvolution(keyDim, K, { bias: false, dtype, rng }));
      this.registerModule('k_conv1d', new ShortConvolution(keyDim, K, { bias: false, dtype, rng }));
      this.registerModule('v_conv1d', new ShortConvolution(valueDim, K, { bias: false, dtype, rng }));
    }
  }

  private child<M>(name: string): M {
    return this.children().find(([n]) => n === name)![1] as M;
  }

  /**
   * x: [B, L, D] -> y: [B, L, D] and the state after the last token. Passing the returned state to
   * the next call continues the sequence (one token at a time for generation).
   */
  forward(x: Tensor, state?: GlaLayerState): { y: Tensor; state: GlaLayerState } {
    if (x.ndim !== 3 || x.shape[2] !== this.dModel)
      throw new ShapeError(
        'GatedLinearAttention',
        `x must be [B, L, ${this.dModel}], got ${fmtShape(x.shape)}`,
      );
    const H = this.numHeads;
    let q = this.child<Linear>('q_proj').forward(x);
    let k = this.child<Linear>('k_proj').forward(x);
    let v = this.child<Linear>('v_proj').forward(x);
    let conv: GlaLayerState['conv'];
    if ((this.opts.convSize ?? 0) > 0) {
      const run = (name: string, t: Tensor, s?: Tensor) =>
        this.child<ShortConvolution>(name).forwardWithState(t, s);
      const cq = run('q_conv1d', q, state?.conv?.q);
      const ck = run('k_conv1d', k, state?.conv?.k);
      const cv = run('v_conv1d', v, state?.conv?.v);
      [q, k, v] = [cq.y, ck.y, cv.y];
      conv = { q: cq.state, k: ck.state, v: cv.state };
    }
    const logit = this.child<Sequential>('gk_proj').forward(x);
    const gk = mul(logSigmoid(logit), 1 / (this.opts.gateLogitNormalizer ?? 16));
    const r = gatedLinearAttention(splitHeads(q, H), splitHeads(k, H), splitHeads(v, H), splitHeads(gk, H), {
      mode: this.opts.mode,
      chunkSize: this.opts.chunkSize,
      initialState: state?.S,
    });
    const gate = silu(this.child<Linear>('g_proj').forward(x));
    const normed = this.child<RMSNorm>('g_norm_swish_gate').forward(r.out); // per head, over dv
    const y = this.child<Linear>('o_proj').forward(mul(mergeHeads(normed), gate));
    return { y, state: { S: r.finalState, conv } };
  }
}
