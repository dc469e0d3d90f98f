// FAVOR+ positive orthogonal random features (Choromanski et al. 2021, "Rethinking Attention
// with Performers").
//
// Glossary
//   d        input width;  m  number of random features
//   ω [m, d] random projections: blocks of d mutually orthogonal rows (QR of a Gaussian matrix),
//            each row rescaled to the norm of an independent Gaussian vector in R^d (so that every
//            row is marginally N(0, I_d)); orthogonality lowers the estimator's variance
//   φ(x)     exp(ω x − ‖x‖²/2) / sqrt(m) ∈ R^m, positive; E[φ(x)·φ(y)] = exp(x·y)
//
// Softmax attention uses exp(q·k/sqrt(d)), so the Performer map first scales its input by d^(−1/4)
// (PerformerFeatures.map); `favorFeatures` itself applies no input scaling (the fixture's
// convention). Matches google-research/performer's softmax_kernel_transformation without its
// numerical stabiliser (which cancels in the normalised attention).
import {
  type DType,
  exp,
  fmtShape,
  fromArray,
  Generator,
  matmul,
  mul,
  orthogonal,
  ShapeError,
  sub,
  sum,
  type Tensor,
  transpose,
  ValueError,
} from '@seqmod/tensor';

/** φ(x) = exp(x ωᵀ − ‖x‖²/2)/sqrt(m). x: [..., d], omega: [m, d] -> [..., m]. Differentiable in x. */
export function favorFeatures(x: Tensor, omega: Tensor): Tensor {
  const d = x.shape[x.ndim - 1];
  if (omega.ndim !== 2 || omega.shape[1] !== d) {
    throw new ShapeError(
      'favorFeatures',
      `omega must be [m, ${d}] for x ${fmtShape(x.shape)}, got ${fmtShape(omega.shape)}`,
    );
  }
  const m = omega.shape[0]!;
  const halfNorm = mul(sum(mul(x, x), -1, true), 0.5);
  return mul(exp(sub(matmul(x, transpose(omega)), halfNorm)), 1 / Math.sqrt(m));
}

/** ω: m × d positive orthogonal random features (blocks of d orthogonal rows with chi-distributed norms). */
export function orthogonalRandomFeatures(
  m: number,
  d: number,
  rng: Generator,
  dtype: DType = 'float32',
): Tensor {
  if (!Number.isInteger(m) || m <= 0 || !Number.isInteger(d) || d <= 0) {
    throw new ValueError('orthogonalRandomFeatures', `m and d must be positive integers, got ${m}, ${d}`);
  }
  const rows = new Float64Array(m * d);
  for (let start = 0; start < m; start += d) {
    const block = orthogonal([d, d], { rng, dtype: 'float64' }).toArray();
    const take = Math.min(d, m - start);
    for (let r = 0; r < take; r++) {
      let norm2 = 0;
      for (let c = 0; c < d; c++) norm2 += rng.randn() ** 2;
      const norm = Math.sqrt(norm2);
      for (let c = 0; c < d; c++) rows[(start + r) * d + c] = block[r * d + c]! * norm;
    }
  }
  return fromArray(rows, [m, d], { dtype });
}

export interface PerformerFeaturesOptions {
  /** Number of random features m (default ⌊d·ln d⌋ as the Performer code, at least d). */
  numFeatures?: number;
  /** Seed of the first draw (default 0). */
  seed?: number;
  dtype?: DType;
}

/**
 * The Performer's softmax-kernel feature map for width d, with redrawable features:
 * φ(x) = favorFeatures(x·d^(−1/4), ω), so that φ(q)·φ(k) estimates exp(q·k/sqrt(d)).
 */
export class PerformerFeatures {
  readonly d: number;
  readonly numFeatures: number;
  private readonly dtype: DType;
  private rng: Generator;
  private omegaT: Tensor;

  constructor(d: number, opts: PerformerFeaturesOptions = {}) {
    this.d = d;
    this.numFeatures = opts.numFeatures ?? Math.max(d, Math.floor(d * Math.log(d)));
    this.dtype = opts.dtype ?? 'float32';
    this.rng = new Generator(opts.seed ?? 0);
    this.omegaT = orthogonalRandomFeatures(this.numFeatures, d, this.rng, this.dtype);
  }

  /** The current projections ω [m, d]. */
  get omega(): Tensor {
    return this.omegaT;
  }

  /**
   * Draws new features: from the continuing stream, or from `seed` when given (Performer redraws
   * periodically during training so that no single draw's bias is learned around).
   */
  redraw(seed?: number): Tensor {
    if (seed !== undefined) this.rng = new Generator(seed);
    this.omegaT = orthogonalRandomFeatures(this.numFeatures, this.d, this.rng, this.dtype);
    return this.omegaT;
  }

  /** x: [..., d] -> φ(x): [..., m]. */
  readonly map = (x: Tensor): Tensor => {
    const omega = this.omegaT.dtype === x.dtype ? this.omegaT : this.omegaT.to(x.dtype);
    return favorFeatures(mul(x, this.d ** -0.25), omega);
  };
}
