// Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_: the norm is taken over all
// gradients together (as if concatenated into one vector), and when it exceeds maxNorm every
// gradient is scaled by maxNorm / (norm + 1e-6). Parameters without a gradient are ignored.
import { fromArray, noGrad, type Tensor, ValueError } from '@seqmod/tensor';

export interface ClipGradNormOptions {
  /** p of the p-norm: 2 (default), any p > 0, or Infinity for the largest absolute value. */
  normType?: number;
  /** Throw when the total norm is NaN or infinite (torch's error_if_nonfinite; default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `params` in place so that their global norm is at most `maxNorm`.
 * Returns the total norm before clipping (as torch).
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
  opts: ClipGradNormOptions = {},
): number {
  const p = opts.normType ?? 2;
  if (!(p > 0)) throw new ValueError('clipGradNorm', `normType must be > 0 (or Infinity), got ${p}`);
  if (!(maxNorm >= 0)) throw new ValueError('clipGradNorm', `maxNorm must be >= 0, got ${maxNorm}`);
  const withGrad = [...params].filter((t) => t.grad !== null);
  if (withGrad.length === 0) return 0;
  // Accumulate in float64 whatever the gradients' dtype, so a large model's norm is accurate.
  let acc = 0;
  for (const t of withGrad) {
    const g = t.grad!.toArray();
    if (p === Number.POSITIVE_INFINITY)
      for (let i = 0; i < g.length; i++) acc = Math.max(acc, Math.abs(g[i]!));
    else if (p === 2) for (let i = 0; i < g.length; i++) acc += g[i]! * g[i]!;
    else for (let i = 0; i < g.length; i++) acc += Math.abs(g[i]!) ** p;
  }
  const total = p === Number.POSITIVE_INFINITY ? acc : p === 2 ? Math.sqrt(acc) : acc ** (1 / p);
  if (opts.errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(
      'clipGradNorm',
      `the total norm of order ${p} of the gradients is ${total}; set errorIfNonfinite: false to clip anyway`,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    noGrad(() => {
      for (const t of withGrad) {
        const g = t.grad!;
        // Leaf gradients from backward() own their contiguous storage; anything else gets a scaled copy.
        if (g.isContiguous() && g.offset === 0 && g.data.length === g.size) {
          for (let i = 0; i < g.data.length; i++) g.data[i] = g.data[i]! * coef;
        } else {
          const a = g.toArray();
          for (let i = 0; i < a.length; i++) a[i] = a[i]! * coef;
          t.grad = fromArray(a, g.shape);
        }
      }
    });
  }
  return total;
}
