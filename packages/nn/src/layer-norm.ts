// Layer normalisation (Ba, Kiros & Hinton 2016), as torch.nn.LayerNorm: over the trailing
// dimensions given by normalizedShape,
//
//   y = (x − μ) / √(σ² + ε) · γ + β        μ, σ²: mean and biased variance of the row
//
// One fused kernel forward and backward (instead of a chain of broadcast ops) because every block
// of every model calls it; rows are accumulated in float64. The backward is
//   x̂ = (x − μ)·r, ĝ = g·γ, dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)), dγ = Σ g·x̂, dβ = Σ g.
import {
  allocate,
  type DType,
  DTypeError,
  fmtShape,
  ones,
  recordOp,
  ShapeError,
  Tensor,
  zeros,
} from '@seqmod/tensor';
import { Module } from './module';
import { normalizedRows, toNormalizedShape } from './normalized-shape';

function checkAffine(
  op: string,
  name: string,
  t: Tensor | null,
  shape: readonly number[],
  dtype: DType,
): void {
  if (!t) return;
  if (t.dtype !== dtype) throw new DTypeError(op, `${name} is ${t.dtype}, the input is ${dtype}`);
  if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
}

/**
 * Functional layer norm. x: [..., *normalizedShape], weight/bias: normalizedShape or null
 * -> y: like x. Differentiable in x, weight and bias (first order).
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  eps = 1e-5,
): Tensor {
  const shape = toNormalizedShape('layerNorm', normalizedShape);
  const { n, rows } = normalizedRows('layerNorm', x.shape, shape);
  checkAffine('layerNorm', 'weight', weight, shape, x.dtype);
  checkAffine('layerNorm', 'bias', bias, shape, x.dtype);
  const xc = x.contiguous();
  const src = xc.data;
  const w = weight?.contiguous();
  const b = bias?.contiguous();
  const out = allocate(x.dtype, x.size);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = xc.offset + r * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += src[base + i]!;
    const mu = s / n;
    // Two passes (mean, then squared deviations): no cancellation when |μ| ≫ σ.
    let v = 0;
    for (let i = 0; i < n; i++) {
      const d = src[base + i]! - mu;
      v += d * d;
    }
    const rs = 1 / Math.sqrt(v / n + eps);
    mean[r] = mu;
    rstd[r] = rs;
    for (let i = 0; i < n; i++) {
      let y = (src[base + i]! - mu) * rs;
      if (w) y *= w.data[w.offset + i]!;
      if (b) y += b.data[b.offset + i]!;
      out[r * n + i] = y;
    }
  }
  const y = new Tensor(out, x.shape);
  const inputs = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  recordOp('layerNorm', inputs, [y], ([g]) => {
    const gc = g!.contiguous();
    const gd = gc.data;
    const dx = allocate(x.dtype, x.size);
    const dw = new Float64Array(n);
    const db = new Float64Array(n);
    const gh = new Float64Array(n);
    const xh = new Float64Array(n);
    for (let r = 0; r < rows; r++) {
      const base = xc.offset + r * n;
      const gbase = gc.offset + r * n;
      const rs = rstd[r]!;
      let sumG = 0;
      let sumGX = 0;
      for (let i = 0; i < n; i++) {
        const gi = gd[gbase + i]!;
        xh[i] = (src[base + i]! - mean[r]!) * rs;
        gh[i] = w ? gi * w.data[w.offset + i]! : gi;
        sumG += gh[i]!;
        sumGX += gh[i]! * xh[i]!;
        dw[i]! += gi * xh[i]!;
        db[i]! += gi;
      }
      const a = sumG / n;
      const c = sumGX / n;
      for (let i = 0; i < n; i++) dx[r * n + i] = rs * (gh[i]! - a - xh[i]! * c);
    }
    const grads: Tensor[] = [new Tensor(dx, x.shape)];
    if (weight)
      grads.push(
        new Tensor(
          allocate(x.dtype, n).map((_, i) => dw[i]!),
          weight.shape,
        ),
      );
    if (bias)
      grads.push(
        new Tensor(
          allocate(x.dtype, n).map((_, i) => db[i]!),
          bias.shape,
        ),
      );
    return grads;
  });
  return y;
}

export interface LayerNormOptions {
  /** Added to the variance (default 1e-5, as torch). */
  eps?: number;
  /** Learn a per-element scale γ (weight, init 1) and shift β (bias, init 0); default true. */
  elementwiseAffine?: boolean;
  /** Keep β when affine (default true; torch's bias=False drops it). */
  bias?: boolean;
  dtype?: DType;
}

/** torch.nn.LayerNorm. x: [..., *normalizedShape] -> y: like x. Parameters `weight`, `bias`. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  private readonly affine: boolean;
  private readonly hasBias: boolean;

  constructor(normalizedShape: number | readonly number[], opts: LayerNormOptions = {}) {
    super();
    this.normalizedShape = toNormalizedShape('LayerNorm', normalizedShape);
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.elementwiseAffine ?? true;
    this.hasBias = this.affine && (opts.bias ?? true);
    if (this.affine) this.registerParameter('weight', ones(this.normalizedShape, { dtype: opts.dtype }));
    if (this.hasBias) this.registerParameter('bias', zeros(this.normalizedShape, { dtype: opts.dtype }));
  }

  get weight(): Tensor | null {
    return this.affine ? this.param('weight') : null;
  }

  get bias(): Tensor | null {
    return this.hasBias ? this.param('bias') : null;
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}
