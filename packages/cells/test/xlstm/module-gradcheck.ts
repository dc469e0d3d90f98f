// gradcheck for a module's parameters: @seqmod/tensor's gradcheck perturbs the inputs it is given,
// while a module's parameters live inside it. Same objective (Σ out · g with fixed random g) and
// the same central differences, perturbing parameter elements in place: every parameter tensor,
// and in each up to `perParam` elements spread over it (first, last and evenly between), which
// keeps block-sized checks fast while every weight matrix is still covered.
import type { Module } from '@seqmod/nn';
import { Generator, noGrad, type Tensor } from '@seqmod/tensor';

export function assertModuleGradcheck(
  module: Module,
  run: () => Tensor,
  opts: { eps?: number; atol?: number; rtol?: number; perParam?: number } = {},
): void {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-6;
  const rtol = opts.rtol ?? 1e-5;
  const out = run();
  const g = new Generator(0).normal(out.shape, 0, 1, { dtype: 'float64' });
  const gd = g.toArray();
  const objective = () =>
    noGrad(() => {
      const v = run().toArray();
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i]! * gd[i]!;
      return s;
    });
  module.zeroGrad();
  out.mul(g).sum().backward();
  let checked = 0;
  for (const [name, p] of module.namedParameters()) {
    if (p.dtype !== 'float64') throw new Error(`${name} must be float64 for a gradient check`);
    const analytic = p.grad ? p.grad.toArray() : new Float64Array(p.size);
    const count = Math.min(p.size, opts.perParam ?? 6);
    const picks = new Set(
      Array.from({ length: count }, (_, n) =>
        count === 1 ? 0 : Math.round((n * (p.size - 1)) / (count - 1)),
      ),
    );
    for (const j of picks) {
      const orig = p.data[j]!;
      p.data[j] = orig + eps;
      const up = objective();
      p.data[j] = orig - eps;
      const down = objective();
      p.data[j] = orig;
      const numeric = (up - down) / (2 * eps);
      if (!(Math.abs(analytic[j]! - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`gradcheck FAILED at ${name}[${j}]: analytic ${analytic[j]}, numeric ${numeric}`);
      }
      checked++;
    }
  }
  if (checked === 0) throw new Error('gradcheck: the module has no parameters');
}

/**
 * Gives every parameter random values N(0, scale²) (residual norm weights and zero-initialised
 * recurrent weights included), so that tests exercise every weight, not the initialisation's zeros.
 */
export function scrambleParameters(module: Module, seed: number, scale = 0.5): void {
  const rng = new Generator(seed);
  noGrad(() => {
    for (const [, p] of module.namedParameters())
      for (let j = 0; j < p.size; j++) p.data[j] = scale * rng.randn();
  });
}
