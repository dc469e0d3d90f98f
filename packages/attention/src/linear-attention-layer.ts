// A causal linear-attention layer (Katharopoulos et al. 2020): projections q_proj, k_proj,
// v_proj, o_proj around linearAttention. Its decoding state (S, z) has a fixed size whatever the
// context length: H·m·(dv + 1) numbers per sequence.
import { Linear, Module } from '@seqmod/nn';
import { type DType, fmtShape, Generator, ShapeError, type Tensor, ValueError } from '@seqmod/tensor';
import type { FeatureMapFn, FeatureMapName } from './feature-maps';
import { mergeHeads, splitHeads } from './heads';
import {
  type LinearAttentionMode,
  type LinearAttentionState,
  linearAttentionWithState,
} from './linear-attention';

export interface LinearAttentionLayerOptions {
  featureMap?: FeatureMapName | FeatureMapFn;
  eps?: number;
  mode?: LinearAttentionMode;
  chunkSize?: number;
  /** Biases on the projections (default false). */
  bias?: boolean;
  dtype?: DType;
  rng?: Generator;
}

export class LinearAttentionLayer extends Module {
  readonly dModel: number;
  readonly numHeads: number;
  private readonly opts: LinearAttentionLayerOptions;

  constructor(dModel: number, numHeads: number, opts: LinearAttentionLayerOptions = {}) {
    super();
    if (dModel % numHeads !== 0)
      throw new ValueError(
        'LinearAttentionLayer',
        `dModel (${dModel}) must be a multiple of numHeads (${numHeads})`,
      );
    this.dModel = dModel;
    this.numHeads = numHeads;
    this.opts = opts;
    const rng = opts.rng ?? new Generator('seqmod.attention.linear');
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) {
      this.registerModule(
        n,
        new Linear(dModel, dModel, { bias: opts.bias ?? false, dtype: opts.dtype, rng }),
      );
    }
  }

  private linear(name: string): Linear {
    return this.children().find(([n]) => n === name)![1] as Linear;
  }

  /** Causal: x: [B, L, D] -> y: [B, L, D] and the state after the last token (pass it back to continue). */
  forward(x: Tensor, state?: LinearAttentionState): { y: Tensor; state: LinearAttentionState } {
    if (x.ndim !== 3 || x.shape[2] !== this.dModel)
      throw new ShapeError(
        'LinearAttentionLayer',
        `x must be [B, L, ${this.dModel}], got ${fmtShape(x.shape)}`,
      );
    const H = this.numHeads;
    const [q, k, v] = ['q_proj', 'k_proj', 'v_proj'].map((n) => splitHeads(this.linear(n).forward(x), H)) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const r = linearAttentionWithState(q, k, v, {
      causal: true,
      featureMap: this.opts.featureMap,
      eps: this.opts.eps,
      mode: this.opts.mode,
      chunkSize: this.opts.chunkSize,
      initialState: state,
    });
    return { y: this.linear('o_proj').forward(mergeHeads(r.out)), state: r.state };
  }
}
