import { assertGradcheck, exp, fromArray, reshape, ShapeError, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { discretizeArray } from '../src/discretize-dense';
import { discretize } from '../src/discretize-op';
import type { DiscretizeMethod } from '../src/method';
import { randomMatrix, relErr } from './support/reference';

const n = 4;
const A = randomMatrix(n, n, 31).map((v, i) => v - (i % (n + 1) === 0 ? 1 : 0));
const B = randomMatrix(n, 2, 32);

describe('discretize (Tensor op, dense)', () => {
  it('agrees with the array kernel for every method, float64 and float32', () => {
    const cases: [DiscretizeMethod, number | undefined][] = [
      ['zoh', undefined],
      ['bilinear', undefined],
      ['euler', undefined],
      ['backward_euler', undefined],
      ['gbt', 0.3],
    ];
    for (const [method, alpha] of cases) {
      const ref = discretizeArray(A, B, n, 2, 0.1, method, alpha);
      const t = discretize(fromArray(A, [n, n]), fromArray(B, [n, 2]), 0.1, { method, alpha });
      expect(relErr(t.Ab.toArray(), ref.Ab)).toBeLessThan(1e-15);
      expect(relErr(t.Bb.toArray(), ref.Bb)).toBeLessThan(1e-15);
      const t32 = discretize(
        fromArray(A, [n, n], { dtype: 'float32' }),
        fromArray(B, [n, 2], { dtype: 'float32' }),
        0.1,
        {
          method,
          alpha,
        },
      );
      expect(t32.Ab.dtype).toBe('float32');
      expect(relErr(t32.Ab.toArray(), ref.Ab)).toBeLessThan(1e-6);
      expect(relErr(t32.Bb.toArray(), ref.Bb)).toBeLessThan(1e-6);
    }
  });

  it('keeps a vector B a vector', () => {
    expect(discretize(fromArray(A, [n, n]), fromArray(B.subarray(0, n), [n]), 0.1).Bb.shape).toEqual([n]);
  });

  it('is differentiable in A, B and log Δ for ZOH and bilinear (gradcheck)', () => {
    for (const method of ['zoh', 'bilinear'] as const) {
      const a = fromArray(A, [n, n], { requiresGrad: true });
      const b = fromArray(B, [n, 2], { requiresGrad: true });
      const logDt = fromArray([Math.log(0.3)], [1], { dtype: 'float64', requiresGrad: true });
      assertGradcheck(
        (x: Tensor, y: Tensor, l: Tensor) => {
          const d = discretize(x, y, exp(l), { method });
          return [d.Ab, d.Bb];
        },
        [a, b, logDt],
        { atol: 1e-7, rtol: 1e-6 },
      );
    }
  });

  it('refuses shape mismatches and a step tensor with several elements', () => {
    expect(() => discretize(fromArray(A, [n, n]), fromArray(B, [2, n]), 0.1)).toThrow(ShapeError);
    expect(() =>
      discretize(fromArray(A, [n, n]), fromArray(B, [n, 2]), reshape(fromArray([1, 2], [2]), [2])),
    ).toThrow(/one-element tensor/);
  });
});
