import {
  assertGradcheck,
  type ComplexTensor,
  complex,
  fromArray,
  noGrad,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { dplrCorrectC, dplrKernel } from '../src/dplr-kernel-op';
import { dplrCorrectCArray, dplrKernelArray } from '../src/kernel-dplr';
import { dplrArray } from '../src/nplr';
import { randomComplex, relErr, rng } from './support/reference';

const H = 2;
const N2 = 4;
const r = rng(61);
const legs = dplrArray('legs', 2 * N2);
const tile = (x: Float64Array) => Float64Array.from({ length: H * N2 }, (_, i) => x[i % N2]!);
const Lambda = { re: tile(legs.Lambda.re as Float64Array), im: tile(legs.Lambda.im as Float64Array) };
const P = { re: tile(legs.P[0]!.re as Float64Array), im: tile(legs.P[0]!.im as Float64Array) };
const B = randomComplex(H * N2, r);
const C = randomComplex(H * N2, r);
const logDt = Float64Array.of(Math.log(0.01), Math.log(0.1));
const ct = (
  x: { re: Float64Array; im: Float64Array },
  dtype: 'float32' | 'float64' = 'float64',
  requiresGrad = false,
) =>
  complex(
    fromArray(x.re, [H, N2], { dtype, requiresGrad }),
    fromArray(x.im, [H, N2], { dtype, requiresGrad }),
  );
const sl = (x: { re: Float64Array; im: Float64Array }, h: number) => ({
  re: x.re.subarray(h * N2, (h + 1) * N2),
  im: x.im.subarray(h * N2, (h + 1) * N2),
});

describe('dplrKernel / dplrCorrectC (Tensor ops)', () => {
  it('equals the array kernel per channel, with C corrected to C̃ first (float64 and float32)', () => {
    const L = 32;
    const Ct = dplrCorrectC(fromArray(logDt, [H]), ct(Lambda), ct(P), ct(C), L);
    const K = dplrKernel(fromArray(logDt, [H]), ct(Lambda), ct(P), ct(B), Ct, L);
    expect(K.shape).toEqual([H, L]);
    const K32 = dplrKernel(
      fromArray(logDt, [H], { dtype: 'float32' }),
      ct(Lambda, 'float32'),
      ct(P, 'float32'),
      ct(B, 'float32'),
      (Ct as ComplexTensor).to('float32'),
      L,
    );
    for (let h = 0; h < H; h++) {
      const sys = { Lambda: sl(Lambda, h), P: sl(P, h), B: sl(B, h), C: sl(C, h) };
      const want = dplrKernelArray(sys, Math.exp(logDt[h]!), L);
      expect(relErr(K.toArray().subarray(h * L, (h + 1) * L), want)).toBeLessThan(1e-13);
      expect(relErr(K32.toArray().subarray(h * L, (h + 1) * L), want)).toBeLessThan(1e-4);
      const ctWant = dplrCorrectCArray(sys, Math.exp(logDt[h]!), L);
      expect(relErr(Ct.re.toArray().subarray(h * N2, (h + 1) * N2), ctWant.re)).toBeLessThan(1e-15);
    }
  });

  it('is differentiable in log Δ, Λ, P, B and C̃ (gradcheck)', () => {
    const leaves = [Lambda.re, Lambda.im, P.re, P.im, B.re, B.im, C.re, C.im].map((x) =>
      fromArray(x, [H, N2], { requiresGrad: true }),
    );
    const ld = fromArray(logDt, [H], { requiresGrad: true });
    assertGradcheck(
      (
        l: Tensor,
        lr: Tensor,
        li: Tensor,
        pr: Tensor,
        pi: Tensor,
        br: Tensor,
        bi: Tensor,
        cr: Tensor,
        ci: Tensor,
      ) => dplrKernel(l, complex(lr, li), complex(pr, pi), complex(br, bi), complex(cr, ci), 12),
      [ld, ...leaves],
      { atol: 1e-7, rtol: 1e-6 },
    );
  });

  it('dplrCorrectC is an init-time transform: it refuses to be recorded, and works under noGrad', () => {
    const c = ct(C, 'float64', true);
    expect(() => dplrCorrectC(fromArray(logDt, [H]), ct(Lambda), ct(P), c, 8)).toThrow(ValueError);
    expect(noGrad(() => dplrCorrectC(fromArray(logDt, [H]), ct(Lambda), ct(P), c, 8)).shape).toEqual([H, N2]);
  });
});
