// A block-diagonal linear map: the features split into heads, each head projected on its own.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4: "block-diagonal" projections of q, k, v in the mLSTM
// block and of the gate inputs in the sLSTM block): x: [..., NH·d_in] seen as NH heads of d_in;
// W: [NH, d_out, d_in]; y[..., h, o] = Σ_d W[h, o, d] · x[..., h, d] (+ bias [NH·d_out]).
// Reference matched: NX-AI/xlstm `LinearHeadwiseExpand` (weight [NH, out/NH, in/NH], small init
// N(0, 2/(5·d_in))).
import { Module } from '@seqmod/nn';
import {
  add,
  type DType,
  fmtShape,
  Generator,
  matmul,
  reshape,
  ShapeError,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
  zeros,
} from '@seqmod/tensor';

export interface HeadwiseLinearOptions {
  /** Output features (default: inFeatures); a multiple of numHeads. */
  outFeatures?: number;
  bias?: boolean;
  dtype?: DType;
  rng?: Generator;
}

export class HeadwiseLinear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly numHeads: number;
  private readonly hasBias: boolean;

  constructor(inFeatures: number, numHeads: number, opts: HeadwiseLinearOptions = {}) {
    super();
    const outFeatures = opts.outFeatures ?? inFeatures;
    if (
      !Number.isInteger(numHeads) ||
      numHeads <= 0 ||
      inFeatures % numHeads !== 0 ||
      outFeatures % numHeads !== 0
    ) {
      throw new ValueError(
        'HeadwiseLinear',
        `numHeads ${numHeads} must divide inFeatures ${inFeatures} and outFeatures ${outFeatures}`,
      );
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.numHeads = numHeads;
    this.hasBias = opts.bias ?? false;
    const dtype = opts.dtype ?? 'float32';
    const dIn = inFeatures / numHeads;
    const rng = opts.rng ?? new Generator(0);
    this.registerParameter(
      'weight',
      rng.normal([numHeads, outFeatures / numHeads, dIn], 0, Math.sqrt(2 / 5 / dIn), { dtype }),
    );
    if (this.hasBias) this.registerParameter('bias', zeros([outFeatures], { dtype }));
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  /** x: [..., inFeatures] -> y: [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError(
        'HeadwiseLinear',
        `expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`,
      );
    }
    const lead = x.shape.slice(0, -1);
    const heads = unsqueeze(reshape(x, [...lead, this.numHeads, this.inFeatures / this.numHeads]), -2); // [..., NH, 1, d_in]
    const y = reshape(matmul(heads, transpose(this.weight)), [...lead, this.outFeatures]); // [..., NH, 1, d_out]
    return this.hasBias ? add(y, this.param('bias')) : y;
  }
}
