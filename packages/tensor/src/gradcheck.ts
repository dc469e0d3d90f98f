// Numerical gradient check: autograd's gradients against central differences, in float64.
//
// The scalar checked is L = Σ_k Σ out_k ⊙ g_k with fixed random cotangents g_k, so every
// element of every output matters and a wrong transpose or broadcast cannot hide.
import { noGrad } from './autograd';
import { DTypeError } from './errors';
import { Generator } from './random';
import { Tensor } from './tensor';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Pass when |analytic − numeric| ≤ atol + rtol·|numeric| (defaults 1e-6 and 1e-5). */
  atol?: number;
  rtol?: number;
  /** Seed of the cotangents (default 0). */
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** Largest |analytic − numeric| over all checked elements. */
  maxError: number;
  /** Where the worst element is, for a readable failure. */
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
  message: string;
}

/**
 * Checks the gradients of `fn` with respect to each input that requires grad (all inputs when
 * none does). Inputs must be float64. Returns a result; see `assertGradcheck` for tests.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  opts: GradcheckOptions = {},
): GradcheckResult {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  for (const x of inputs) {
    if (x.dtype !== 'float64')
      throw new DTypeError(
        'gradcheck',
        'inputs must be float64 (finite differences in float32 are too coarse)',
      );
  }
  const anyMarked = inputs.some((x) => x.requiresGrad);
  const checked = inputs.map((x) => (anyMarked ? x.requiresGrad : true));
  // Private contiguous leaves that we may perturb in place.
  const xs = inputs.map((x, i) => new Tensor(x.toArray(), x.shape, undefined, 0, checked[i]));
  const asList = (o: Tensor | readonly Tensor[]) => (o instanceof Tensor ? [o] : [...o]);
  const rng = new Generator(opts.seed ?? 0);
  const first = asList(fn(...xs));
  const cot = first.map((o) => rng.normal(o.shape, 0, 1, { dtype: 'float64' }));
  const objective = (outs: Tensor[]) => {
    let total = 0;
    outs.forEach((o, k) => {
      const v = o.toArray();
      const g = cot[k]!.data;
      for (let i = 0; i < v.length; i++) total += v[i]! * g[i]!;
    });
    return total;
  };
  // Analytic: backward of L = Σ out·g, seeded output by output.
  let loss: Tensor | null = null;
  for (let k = 0; k < first.length; k++) {
    const o = first[k]!;
    if (!o.requiresGrad) continue;
    const term = o.mul(cot[k]!).sum();
    loss = loss ? loss.add(term) : term;
  }
  if (loss) loss.backward();
  let maxError = 0;
  let worst: GradcheckResult['worst'] = null;
  let ok = true;
  let worstRatio = 0;
  noGrad(() => {
    xs.forEach((x, i) => {
      if (!checked[i]) return;
      const analytic = x.grad ? x.grad.toArray() : new Float64Array(x.size);
      for (let j = 0; j < x.size; j++) {
        const orig = x.data[j]!;
        x.data[j] = orig + eps;
        const up = objective(asList(fn(...xs)));
        x.data[j] = orig - eps;
        const down = objective(asList(fn(...xs)));
        x.data[j] = orig;
        const numeric = (up - down) / (2 * eps);
        const err = Math.abs(analytic[j]! - numeric);
        const allowed = atol + rtol * Math.abs(numeric);
        const ratio = err / allowed;
        if (!(err <= allowed)) ok = false;
        if (err > maxError || Number.isNaN(err)) maxError = Number.isNaN(err) ? Number.NaN : err;
        if (ratio > worstRatio || Number.isNaN(ratio) || worst === null) {
          worstRatio = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
          worst = { input: i, index: j, analytic: analytic[j]!, numeric };
        }
      }
    });
  });
  const w = worst as GradcheckResult['worst'];
  const message = w
    ? `${ok ? 'ok' : 'FAILED'}: worst at input ${w.input} element ${w.index}: analytic ${w.analytic}, numeric ${w.numeric}`
    : 'no elements checked';
  return { ok, maxError, worst: w, message };
}

/** Throws with the worst element when the gradient check fails (for tests). */
export function assertGradcheck(
  fn: (...inputs: Tensor[]) => Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  opts: GradcheckOptions = {},
): void {
  const r = gradcheck(fn, inputs, opts);
  if (!r.ok) throw new Error(`gradcheck ${r.message}`);
}
