// The exponential of a diagonal matrix is the diagonal of entrywise exponentials; for the
// complex diagonals of S4D/DPLR that is e^{λ_n} = e^{Re λ}(cos Im λ + i sin Im λ).
//
// Glossary: Λ = diag(λ): [N] complex, e^Λ = diag(e^{λ_n}).
import { type ComplexArray, complexLength, complexLike } from './complex-array';
import { cexp } from './complex-scalar';
import { allocLike, type FloatArray } from './float-array';

/** e^{diag(λ)} for a complex diagonal: λ: [N] complex -> e^λ: [N] complex. */
export function expmComplexDiagArray(lambda: ComplexArray): ComplexArray {
  const n = complexLength('expmComplexDiag', 'lambda', lambda);
  const out = complexLike(lambda.re, n);
  for (let i = 0; i < n; i++) {
    const [re, im] = cexp(lambda.re[i], lambda.im[i]);
    out.re[i] = re;
    out.im[i] = im;
  }
  return out;
}

/** e^{diag(λ)} for a real diagonal: λ: [N] -> e^λ: [N]. */
export function expmRealDiagArray(lambda: FloatArray): FloatArray {
  const out = allocLike(lambda, lambda.length);
  for (let i = 0; i < lambda.length; i++) out[i] = Math.exp(lambda[i]);
  return out;
}
