import { assertGradcheck, complex, fromArray, ShapeError, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { s4dKernelArray } from '../src/kernel-diagonal';
import { s4dKernel, vandermonde } from '../src/vandermonde-op';
import { randomComplex, relErr, rng } from './support/reference';

const H = 2;
const N2 = 3;
const r = rng(31);
const A = {
  re: Float64Array.from({ length: H * N2 }, () => -0.2 - Math.abs(r())),
  im: Float64Array.from({ length: H * N2 }, () => 3 * r()),
};
const C = randomComplex(H * N2, r);
const logDt = Float64Array.of(Math.log(0.05), Math.log(0.3));

describe('s4dKernel / vandermonde (Tensor ops)', () => {
  it('equals the array kernel, float64 and float32', () => {
    const want = s4dKernelArray(logDt, A, C, 24);
    const K = s4dKernel(
      fromArray(logDt, [H]),
      complex(fromArray(A.re, [H, N2]), fromArray(A.im, [H, N2])),
      complex(fromArray(C.re, [H, N2]), fromArray(C.im, [H, N2])),
      24,
    );
    expect(K.shape).toEqual([H, 24]);
    expect(relErr(K.toArray(), want)).toBeLessThan(1e-14);
    const f32 = { dtype: 'float32' as const };
    const K32 = s4dKernel(
      fromArray(logDt, [H], f32),
      complex(fromArray(A.re, [H, N2], f32), fromArray(A.im, [H, N2], f32)),
      complex(fromArray(C.re, [H, N2], f32), fromArray(C.im, [H, N2], f32)),
      24,
    );
    expect(K32.dtype).toBe('float32');
    expect(relErr(K32.toArray(), want)).toBeLessThan(1e-5);
  });

  it('is differentiable in log Δ, A and C (gradcheck)', () => {
    const leaves = [A.re, A.im, C.re, C.im].map((x) => fromArray(x, [H, N2], { requiresGrad: true }));
    const ld = fromArray(logDt, [H], { requiresGrad: true });
    assertGradcheck(
      (l: Tensor, ar: Tensor, ai: Tensor, cr: Tensor, ci: Tensor) =>
        s4dKernel(l, complex(ar, ai), complex(cr, ci), 17),
      [ld, ...leaves],
      { atol: 1e-7, rtol: 1e-6 },
    );
  });

  it('vandermonde alone is differentiable in z and W over long L (gradcheck, L = 150 crosses the power tables)', () => {
    const z = [Float64Array.of(-0.01, -0.03), Float64Array.of(0.2, -1.1)].map((x) =>
      fromArray(x, [2], { requiresGrad: true }),
    );
    const W = [Float64Array.of(0.3, -0.7), Float64Array.of(0.5, 0.1)].map((x) =>
      fromArray(x, [2], { requiresGrad: true }),
    );
    assertGradcheck(
      (zr: Tensor, zi: Tensor, wr: Tensor, wi: Tensor) => vandermonde(complex(zr, zi), complex(wr, wi), 150),
      [...z, ...W],
      {
        atol: 1e-6,
        rtol: 1e-6,
      },
    );
  });

  it('refuses mismatched shapes', () => {
    const c = complex(fromArray(C.re, [H, N2]), fromArray(C.im, [H, N2]));
    expect(() => s4dKernel(fromArray([0.1], [1]), c, c, 4)).toThrow(ShapeError);
  });
});
