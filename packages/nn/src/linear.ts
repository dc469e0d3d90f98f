// Linear: y = x Wᵀ + b, as torch.nn.Linear (weight [out, in], bias [out]).
import {
  add,
  type DType,
  fmtShape,
  Generator,
  linearInit,
  matmul,
  ShapeError,
  type Tensor,
  transpose,
} from '@seqmod/tensor';
import { Module } from './module';

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
  /** Generator for the default (PyTorch) initialisation; a fixed seed when omitted. */
  rng?: Generator;
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const { weight, bias } = linearInit(outFeatures, inFeatures, {
      rng: opts.rng ?? new Generator(0),
      dtype: opts.dtype,
    });
    this.registerParameter('weight', weight);
    this.registerParameter('bias', opts.bias === false ? null : bias);
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  get bias(): Tensor | null {
    return this.hasBias ? this.param('bias') : null;
  }

  private get hasBias(): boolean {
    return this.namedParameters().some(([n]) => n === 'bias');
  }

  /** x: [..., in] -> y: [..., out]. */
  forward(x: Tensor): Tensor {
    if (x.shape[x.ndim - 1] !== this.inFeatures) {
      throw new ShapeError('Linear', `expected input [..., ${this.inFeatures}], got ${fmtShape(x.shape)}`);
    }
    const y = matmul(x, transpose(this.weight));
    const b = this.bias;
    return b ? add(y, b) : y;
  }
}
