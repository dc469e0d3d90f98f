// Layer normalisation per head (a group norm with one group per head), with the reference's
// "residual" weight: the scale is 1 + weight and weight starts at zero.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4 "xLSTM blocks": "group norm" / head-wise layer norm):
// x: [..., NH·DH] seen as NH groups of DH; each group is normalised to zero mean and unit
// (biased) variance, then scaled by (1 + weight) and shifted by bias, both [NH·DH].
// Reference matched: NX-AI/xlstm `MultiHeadLayerNorm` (F.group_norm over [B·S, NH·DH] with
// num_groups = NH) and, with one head, its `LayerNorm(weight=True, bias=False)` used as the
// blocks' pre-norm. The reference takes [B, NH, S, DH]; we take seqmod's [..., NH·DH]. The
// normalisation itself is @seqmod/nn's layerNorm over each head's DH features; @seqmod/nn's
// LayerNorm module scales by `weight` itself (torch's convention), so reference state dicts,
// which store the offset from 1, load into this module unchanged and into that one only after +1.
import { layerNorm, Module } from '@seqmod/nn';
import {
  add,
  type DType,
  fmtShape,
  mul,
  reshape,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '@seqmod/tensor';

export interface MultiHeadLayerNormOptions {
  /** Added to the variance (default 1e-5, torch's). */
  eps?: number;
  /** A learnable scale 1 + weight (default true). */
  weight?: boolean;
  /** A learnable shift (default false, as the reference). */
  bias?: boolean;
  dtype?: DType;
}

export class MultiHeadLayerNorm extends Module {
  readonly dim: number;
  readonly numHeads: number;
  readonly eps: number;
  private readonly hasWeight: boolean;
  private readonly hasBias: boolean;

  constructor(dim: number, numHeads = 1, opts: MultiHeadLayerNormOptions = {}) {
    super();
    if (!Number.isInteger(numHeads) || numHeads <= 0 || dim % numHeads !== 0) {
      throw new ValueError(
        'MultiHeadLayerNorm',
        `numHeads must be a positive divisor of dim ${dim}, got ${numHeads}`,
      );
    }
    this.dim = dim;
    this.numHeads = numHeads;
    this.eps = opts.eps ?? 1e-5;
    this.hasWeight = opts.weight ?? true;
    this.hasBias = opts.bias ?? false;
    const dtype = opts.dtype ?? 'float32';
    if (this.hasWeight) this.registerParameter('weight', zeros([dim], { dtype }));
    if (this.hasBias) this.registerParameter('bias', zeros([dim], { dtype }));
  }

  /** x: [..., NH·DH] -> [..., NH·DH], each head's DH features normalised. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.dim) {
      throw new ShapeError(
        'MultiHeadLayerNorm',
        `expected input [..., ${this.dim}], got ${fmtShape(x.shape)}`,
      );
    }
    const lead = x.shape.slice(0, -1);
    const headDim = this.dim / this.numHeads;
    const grouped = reshape(x, [...lead, this.numHeads, headDim]);
    let y = reshape(layerNorm(grouped, headDim, null, null, this.eps), x.shape);
    if (this.hasWeight) y = mul(y, add(this.param('weight'), 1));
    if (this.hasBias) y = add(y, this.param('bias'));
    return y;
  }
}
