// RMS normalisation (Zhang & Sennrich 2019), as torch.nn.RMSNorm and the RMSNorm of mamba_ssm:
//
//   y = x / √(mean(x²) + ε) · γ
//
// over the trailing normalizedShape dimensions: no centring, no bias. torch's default ε is the
// machine epsilon of the input's dtype; Mamba's RMSNorm uses ε = 1e-5 (pass it). Fused kernel,
// float64 row sums; backward with x̂ = x·r, ĝ = g·γ: dx = r·(ĝ − x̂·mean(ĝ·x̂)), dγ = Σ g·x̂.
import {
  allocate,
  type DType,
  DTypeError,
  epsilonOf,
  fmtShape,
  ones,
  recordOp,
  ShapeError,
  Tensor,
} from '@seqmod/tensor';
import { Module } from './module';
import { normalizedRows, toNormalizedShape } from './normalized-shape';

/**
 * Functional RMS norm. x: [..., *normalizedShape], weight: normalizedShape or null -> y: like x.
 * `eps` defaults to the dtype's machine epsilon (torch's eps=None). Differentiable (first order).
 */
export function rmsNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  eps?: number,
): Tensor {
  const shape = toNormalizedShape('rmsNorm', normalizedShape);
  const { n, rows } = normalizedRows('rmsNorm', x.shape, shape);
  if (weight) {
    if (weight.dtype !== x.dtype)
      throw new DTypeError('rmsNorm', `weight is ${weight.dtype}, the input is ${x.dtype}`);
    if (weight.ndim !== shape.length || weight.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(
        'rmsNorm',
        `weight must have shape ${fmtShape(shape)}, got ${fmtShape(weight.shape)}`,
      );
    }
  }
  const e = eps ?? epsilonOf(x.dtype);
  const xc = x.contiguous();
  const src = xc.data;
  const w = weight?.contiguous();
  const out = allocate(x.dtype, x.size);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = xc.offset + r * n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += src[base + i]! * src[base + i]!;
    const rs = 1 / Math.sqrt(ss / n + e);
    rstd[r] = rs;
    for (let i = 0; i < n; i++) out[r * n + i] = src[base + i]! * rs * (w ? w.data[w.offset + i]! : 1);
  }
  const y = new Tensor(out, x.shape);
  recordOp('rmsNorm', weight ? [x, weight] : [x], [y], ([g]) => {
    const gc = g!.contiguous();
    const gd = gc.data;
    const dx = allocate(x.dtype, x.size);
    const dw = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      const base = xc.offset + r * n;
      const gbase = gc.offset + r * n;
      const rs = rstd[r]!;
      let sumGX = 0;
      for (let i = 0; i < n; i++) {
        const gi = gd[gbase + i]!;
        const xh = src[base + i]! * rs;
        sumGX += (w ? gi * w.data[w.offset + i]! : gi) * xh;
        dw[i]! += gi * xh;
      }
      const c = sumGX / n;
      for (let i = 0; i < n; i++) {
        const gh = w ? gd[gbase + i]! * w.data[w.offset + i]! : gd[gbase + i]!;
        dx[r * n + i] = rs * (gh - src[base + i]! * rs * c);
      }
    }
    const grads: Tensor[] = [new Tensor(dx, x.shape)];
    if (weight)
      grads.push(
        new Tensor(
          allocate(x.dtype, n).map((_, i) => dw[i]!),
          weight.shape,
        ),
      );
    return grads;
  });
  return y;
}

export interface RMSNormOptions {
  /** Added to mean(x²); default: machine epsilon of the input dtype (torch). Mamba uses 1e-5. */
  eps?: number;
  /** Learn a per-element scale γ (`weight`, init 1); default true. */
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/** torch.nn.RMSNorm / mamba_ssm RMSNorm. x: [..., *normalizedShape] -> y: like x. Parameter `weight`. */
export class RMSNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number | undefined;
  private readonly affine: boolean;

  constructor(normalizedShape: number | readonly number[], opts: RMSNormOptions = {}) {
    super();
    this.normalizedShape = toNormalizedShape('RMSNorm', normalizedShape);
    this.eps = opts.eps;
    this.affine = opts.elementwiseAffine ?? true;
    if (this.affine) this.registerParameter('weight', ones(this.normalizedShape, { dtype: opts.dtype }));
  }

  get weight(): Tensor | null {
    return this.affine ? this.param('weight') : null;
  }

  forward(x: Tensor): Tensor {
    return rmsNorm(x, this.normalizedShape, this.weight, this.eps);
  }
}
