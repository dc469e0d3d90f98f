import { assertGradcheck, fromArray, matmul } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { solve } from '../src/solve-op';
import { randomMatrix, relErr } from './support/reference';

describe('solve (Tensor op)', () => {
  const M = randomMatrix(4, 4, 3).map((v, i) => v + (i % 5 === 0 ? 3 : 0));
  it('returns X with M X = R, for a vector and a matrix right-hand side', () => {
    const m = fromArray(M, [4, 4]);
    const R = fromArray(randomMatrix(4, 2, 4), [4, 2]);
    expect(relErr(matmul(m, solve(m, R)).toArray(), R.toArray())).toBeLessThan(1e-14);
    expect(solve(m, fromArray(randomMatrix(4, 1, 5), [4])).shape).toEqual([4]);
  });
  it('is differentiable in M and R (gradcheck)', () => {
    const m = fromArray(M, [4, 4], { requiresGrad: true });
    const R = fromArray(randomMatrix(4, 2, 6), [4, 2], { requiresGrad: true });
    assertGradcheck((a, b) => solve(a, b), [m, R], { atol: 1e-8, rtol: 1e-6 });
  });
});
