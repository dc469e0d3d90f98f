import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ssmKernelDenseArray } from '../src/kernel-dense';
import { diagKernelArray } from '../src/kernel-diagonal';
import { type DplrSystem, dplrCorrectCArray, dplrKernelArray, dplrSpectrumArray } from '../src/kernel-dplr';
import { nplrArray } from '../src/nplr';
import { hippoArray } from '../src/transition';
import { naiveIdft } from './support/naive-dft';
import { type C, randomComplex, realSystem, relErr, rng } from './support/reference';

/** The dense reference: powers of the real form of A = diag(Λ) − Σ P_r P_rᴴ. */
function denseKernel(sys: DplrSystem, dt: number, L: number): Float64Array {
  const N = sys.Lambda.re.length;
  const A: C = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
  for (let n = 0; n < N; n++) {
    A.re[n * N + n] = sys.Lambda.re[n]!;
    A.im[n * N + n] = sys.Lambda.im[n]!;
  }
  for (const p of Array.isArray(sys.P) ? sys.P : [sys.P]) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        A.re[i * N + j] = A.re[i * N + j]! - (p.re[i]! * p.re[j]! + p.im[i]! * p.im[j]!);
        A.im[i * N + j] = A.im[i * N + j]! - (p.im[i]! * p.re[j]! - p.re[i]! * p.im[j]!);
      }
    }
  }
  const real = realSystem(A, sys.B, sys.C, N);
  return ssmKernelDenseArray(real.A, real.B, real.C, dt, L, 'bilinear') as Float64Array;
}

/** The Cauchy/Woodbury spectrum through an O(L²) inverse DFT: independent of @seqmod/fft. */
function spectralKernel(sys: DplrSystem, dt: number, L: number): Float64Array {
  const S = dplrSpectrumArray(sys, dplrCorrectCArray(sys, dt, L), dt, L);
  return naiveIdft(S.re, S.im).re.map((v) => 2 * v);
}

function randomDplr(seed: number, N: number, rank: number): DplrSystem {
  const r = rng(seed);
  return {
    Lambda: {
      re: Float64Array.from({ length: N }, () => -0.5),
      im: Float64Array.from({ length: N }, (_, n) => Math.PI * n + r()),
    },
    P: Array.from({ length: rank }, () => randomComplex(N, r, 0.7)),
    B: randomComplex(N, r),
    C: randomComplex(N, r),
  };
}

describe('DPLR kernel (Cauchy + Woodbury at the roots of unity)', () => {
  it('equals dense powers of diag(Λ) − PPᴴ, rank 1 and 2, even and odd L', () => {
    for (const rank of [1, 2]) {
      for (const L of [1, 2, 7, 32]) {
        const sys = randomDplr(10 * rank + L, 4, rank);
        expect(relErr(spectralKernel(sys, 0.1, L), denseKernel(sys, 0.1, L))).toBeLessThan(1e-12);
      }
    }
  });

  it('with P = 0 is the diagonal (Vandermonde) kernel', () => {
    const sys = randomDplr(3, 5, 1);
    const zero = { re: new Float64Array(5), im: new Float64Array(5) };
    const K = spectralKernel({ ...sys, P: zero }, 0.05, 40);
    expect(relErr(K, diagKernelArray(sys.Lambda, sys.B, sys.C, 0.05, 40, 'bilinear'))).toBeLessThan(1e-12);
  });

  it('computes the real HiPPO-LegS kernel from the full NPLR form (C̃ = VᵀC/2 undoes the 2·Re)', () => {
    const N = 8;
    const { A, B } = hippoArray('legs', N);
    const r = rng(4);
    const Cr = Float64Array.from({ length: N }, r);
    const form = nplrArray('legs', N);
    // x̃ = Vᴴx for the inputs; the output functional Cᵀx = Cᵀ V x̃ = (VᵀC)ᵀ x̃.
    const proj = (x: Float64Array, conjugate: boolean, scale: number): C => {
      const out = { re: new Float64Array(N), im: new Float64Array(N) };
      for (let k = 0; k < N; k++) {
        for (let i = 0; i < N; i++) {
          out.re[k] = out.re[k]! + scale * form.V.re[i * N + k]! * x[i]!;
          out.im[k] = out.im[k]! + scale * (conjugate ? -1 : 1) * form.V.im[i * N + k]! * x[i]!;
        }
      }
      return out;
    };
    const sys: DplrSystem = {
      Lambda: form.w,
      P: proj(form.P[0]!, true, 1),
      B: proj(B, true, 1),
      C: proj(Cr, false, 0.5),
    };
    const want = ssmKernelDenseArray(A, B, Cr, 0.01, 64, 'bilinear');
    expect(relErr(spectralKernel(sys, 0.01, 64), want)).toBeLessThan(1e-11);
  });

  it('runs the inverse FFT of @seqmod/fft: dplrKernelArray equals the O(L²) inverse DFT path', () => {
    const sys = randomDplr(7, 6, 1);
    for (const L of [16, 30, 128])
      expect(relErr(dplrKernelArray(sys, 0.02, L), spectralKernel(sys, 0.02, L))).toBeLessThan(1e-13);
    const Ct = dplrCorrectCArray(sys, 0.02, 16);
    expect(
      relErr(
        dplrKernelArray({ ...sys, C: Ct }, 0.02, 16, { cIsTilde: true }),
        dplrKernelArray(sys, 0.02, 16),
      ),
    ).toBe(0);
  });

  it('refuses bad lengths', () => {
    expect(() => dplrCorrectCArray(randomDplr(1, 2, 1), 0.1, 0)).toThrow(ValueError);
  });
});
