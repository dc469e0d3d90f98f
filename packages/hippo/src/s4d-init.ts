// Initialisations of the diagonal state matrix of S4D.
//
// Glossary (S4D, Gu et al. 2022, "On the Parameterization and Initialization of Diagonal State
// Space Models", §4): N the state size of the real system, N2 = N/2 complex modes (one of each
// conjugate pair), H channels (every channel gets the same initial A), n = 0..N2−1;
//   lin:  A_n = −½ + iπn                          (S4D-Lin: Fourier-like frequencies)
//   inv:  A_n = −½ + i(N/π)(N/(2n+1) − 1)          (S4D-Inv: approximates S4-LegS's spectrum)
//   legs: A = Λ of the DPLR form of HiPPO-LegS     (S4D-LegS: S4's diagonal without P)
// Reference matched: state-spaces/s4 `dplr.py` (`init='lin' | 'inv' | 'legs'`, real part −½)
// and the s4d_init fixtures.
import type { ComplexArray } from '@seqmod/discretize';
import {
  type ComplexTensor,
  complex,
  DEFAULT_DTYPE,
  type DType,
  fromArray,
  ValueError,
} from '@seqmod/tensor';
import { dplrArray } from './nplr';

export type S4DInit = 'lin' | 'inv' | 'legs';

export const S4D_INITS: readonly S4DInit[] = ['lin', 'inv', 'legs'];

/** A: [H, N/2] complex (row-major, float64) for the given initialisation. N must be even. */
export function s4dInitArray(init: S4DInit, N: number, H = 1): ComplexArray {
  const op = 's4dInit';
  if (!S4D_INITS.includes(init))
    throw new ValueError(op, `unknown init '${String(init)}'; expected one of ${S4D_INITS.join(', ')}`);
  if (!Number.isInteger(N) || N < 2 || N % 2 !== 0)
    throw new ValueError(op, `N must be a positive even integer, got ${N}`);
  if (!Number.isInteger(H) || H < 1) throw new ValueError(op, `H must be a positive integer, got ${H}`);
  const N2 = N / 2;
  const re = new Float64Array(N2).fill(-0.5);
  let im: Float64Array;
  if (init === 'lin') im = Float64Array.from({ length: N2 }, (_, n) => Math.PI * n);
  else if (init === 'inv')
    im = Float64Array.from({ length: N2 }, (_, n) => (N / Math.PI) * (N / (2 * n + 1) - 1));
  else {
    const { Lambda } = dplrArray('legs', N);
    re.set(Lambda.re);
    im = Float64Array.from(Lambda.im);
  }
  const out = { re: new Float64Array(H * N2), im: new Float64Array(H * N2) };
  for (let h = 0; h < H; h++) {
    out.re.set(re, h * N2);
    out.im.set(im, h * N2);
  }
  return out;
}

/** S4D initial A: [H, N/2] complex Tensor (default dtype float32). */
export function s4dInit(init: S4DInit, N: number, H = 1, opts: { dtype?: DType } = {}): ComplexTensor {
  const A = s4dInitArray(init, N, H);
  const dtype = opts.dtype ?? DEFAULT_DTYPE;
  return complex(fromArray(A.re, [H, N / 2], { dtype }), fromArray(A.im, [H, N / 2], { dtype }));
}
