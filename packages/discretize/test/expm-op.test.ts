import { assertGradcheck, fromArray, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { expmArray } from '../src/expm';
import { expm } from '../src/expm-op';
import { randomMatrix } from './support/reference';

describe('expm (Tensor op)', () => {
  it('equals the array kernel, batched over leading axes', () => {
    const a = randomMatrix(2, 9, 5, 0.8);
    const e = expm(fromArray(a, [2, 3, 3])).toArray();
    expect(Array.from(e.subarray(0, 9))).toEqual(Array.from(expmArray(a.subarray(0, 9), 3)));
    expect(Array.from(e.subarray(9))).toEqual(Array.from(expmArray(a.subarray(9), 3)));
  });

  it('has the gradient of the Fréchet adjoint (gradcheck, small and scaled-and-squared inputs)', () => {
    for (const scale of [0.1, 4]) {
      const A = fromArray(randomMatrix(4, 4, 17, scale), [4, 4], { dtype: 'float64', requiresGrad: true });
      assertGradcheck((x) => expm(x), [A], { atol: 1e-7, rtol: 1e-6 });
    }
  });

  it('refuses a non-square input', () => {
    expect(() => expm(fromArray(new Float64Array(6), [2, 3]))).toThrow(ShapeError);
  });
});
