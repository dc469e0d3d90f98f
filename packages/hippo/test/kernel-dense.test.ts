import { discretizeArray } from '@seqmod/discretize';
import { ShapeError, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ssmKernelDenseArray } from '../src/kernel-dense';
import { hippoArray } from '../src/transition';
import { relErr, rng } from './support/reference';

describe('ssmKernelDenseArray', () => {
  it('is c·āˡ·b̄ for a scalar system', () => {
    const K = ssmKernelDenseArray(
      Float64Array.of(-2),
      Float64Array.of(3),
      Float64Array.of(0.5),
      0.1,
      6,
      'bilinear',
    );
    const ab = (1 - 0.1) / (1 + 0.1);
    const bb = (0.1 * 3) / (1 + 0.1);
    K.forEach((k, l) => expect(k).toBeCloseTo(0.5 * ab ** l * bb, 15));
  });

  it('convolved with u equals running the recurrence x_k = Ā x_{k−1} + B̄ u_k, y_k = C x_k', () => {
    const N = 6;
    const L = 40;
    const { A, B } = hippoArray('legt', N);
    const r = rng(3);
    const C = Float64Array.from({ length: N }, r);
    const u = Float64Array.from({ length: L }, r);
    for (const method of ['zoh', 'bilinear'] as const) {
      const K = ssmKernelDenseArray(A, B, C, 0.05, L, method);
      const { Ab, Bb } = discretizeArray(A, B, N, 1, 0.05, method);
      let x = new Float64Array(N);
      const y = new Float64Array(L);
      const conv = new Float64Array(L);
      for (let k = 0; k < L; k++) {
        const nx = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          let s = Bb[i]! * u[k]!;
          for (let j = 0; j < N; j++) s += Ab[i * N + j]! * x[j]!;
          nx[i] = s;
        }
        x = nx;
        for (let i = 0; i < N; i++) y[k] = y[k]! + C[i]! * x[i]!;
        for (let s = 0; s <= k; s++) conv[k] = conv[k]! + K[s]! * u[k - s]!;
      }
      expect(relErr(conv, y)).toBeLessThan(1e-13);
    }
  });

  it('refuses mismatched shapes and bad lengths', () => {
    const A = new Float64Array(4);
    expect(() => ssmKernelDenseArray(A, new Float64Array(2), new Float64Array(3), 0.1, 4)).toThrow(
      ShapeError,
    );
    expect(() => ssmKernelDenseArray(A, new Float64Array(2), new Float64Array(2), 0.1, 0)).toThrow(
      ValueError,
    );
  });
});
