// The xLSTM block frame: a pre-norm residual around a sequence layer, and optionally a pre-norm
// residual feed-forward after it.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4 "xLSTM blocks"): x ← x + layer(LN(x)); then, when there
// is a feed-forward, x ← x + ffn(LN'(x)). The norms are layer norms with the reference's residual
// weight (scale 1 + w, no bias).
// Reference matched: NX-AI/xlstm `xLSTMBlock` (parameter names xlstm_norm, xlstm, ffn_norm, ffn).
// The pre-norms are MultiHeadLayerNorm with one head, which is the reference's LayerNorm exactly
// (scale 1 + weight); @seqmod/nn's LayerNorm module scales by weight itself, torch's convention,
// so reference state dicts would need +1 on every norm weight to load there.
import { Module } from '@seqmod/nn';
import { add, type DType, type Tensor } from '@seqmod/tensor';
import type { GatedFeedForward } from './gated-feed-forward';
import { MultiHeadLayerNorm } from './multi-head-layer-norm';
import type { SequenceLayer } from './sequence-layer';

export class ResidualBlock<State, L extends Module & SequenceLayer<State>>
  extends Module
  implements SequenceLayer<State>
{
  readonly layer: L;
  private readonly norm: MultiHeadLayerNorm;
  private readonly ffn: GatedFeedForward | null;
  private readonly ffnNorm: MultiHeadLayerNorm | null;

  constructor(dim: number, layer: L, ffn: GatedFeedForward | null, dtype: DType) {
    super();
    this.norm = this.registerModule('xlstm_norm', new MultiHeadLayerNorm(dim, 1, { dtype }));
    this.layer = this.registerModule('xlstm', layer);
    this.ffnNorm = ffn ? this.registerModule('ffn_norm', new MultiHeadLayerNorm(dim, 1, { dtype })) : null;
    this.ffn = ffn ? this.registerModule('ffn', ffn) : null;
  }

  /** The feed-forward residual (identity without one). x: [..., D] -> [..., D]. */
  private feedForward(x: Tensor): Tensor {
    return this.ffn && this.ffnNorm ? add(x, this.ffn.forward(this.ffnNorm.forward(x))) : x;
  }

  initialState(batch: number): State {
    return this.layer.initialState(batch);
  }

  /** x: [B, L, D] -> y: [B, L, D]. */
  forward(x: Tensor): Tensor {
    return this.feedForward(add(x, this.layer.forward(this.norm.forward(x))));
  }

  /** x: [B, L, D], optional start state -> [y: [B, L, D], state after step L]. */
  prefill(x: Tensor, state?: State): [Tensor, State] {
    const [y, next] = this.layer.prefill(this.norm.forward(x), state);
    return [this.feedForward(add(x, y)), next];
  }

  /** One step. x: [B, D], state -> [y: [B, D], state]. */
  step(x: Tensor, state?: State): [Tensor, State] {
    const [y, next] = this.layer.step(this.norm.forward(x), state);
    return [this.feedForward(add(x, y)), next];
  }
}
