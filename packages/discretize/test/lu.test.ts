import { ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luFactor, luSolve, solveArray } from '../src/lu';
import { mm, randomMatrix, relErr } from './support/reference';

describe('LU with partial pivoting', () => {
  it('solves A X = B with a small residual (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        (n, m, seed) => {
          const a = randomMatrix(n, n, seed);
          for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + n; // keep it well conditioned
          const b = randomMatrix(n, m, seed + 1);
          const x = solveArray(a, b, n, m);
          expect(relErr(mm(a, x, n, n, m), b)).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('pivots: a zero leading entry is no obstacle', () => {
    const x = solveArray(Float64Array.from([0, 1, 1, 0]), Float64Array.from([2, 3]), 2, 1);
    expect(Array.from(x)).toEqual([3, 2]);
    const f = luFactor(Float64Array.from([0, 1, 1, 0]), 2);
    expect(Array.from(f.piv)).toEqual([1, 1]);
  });

  it('picks the largest pivot, so the multipliers stay ≤ 1 in magnitude', () => {
    const a = Float64Array.from([1e-20, 1, 1, 1]);
    const x = luSolve(luFactor(a, 2), Float64Array.from([1, 2]), 1);
    // Without pivoting x0 would come out 0; the true solution is ≈ (1, 1).
    expect(x[0]).toBeCloseTo(1, 14);
    expect(x[1]).toBeCloseTo(1, 14);
  });

  it('refuses singular matrices instead of returning Inf/NaN', () => {
    expect(() => solveArray(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 1]), 2, 1)).toThrow(
      ValueError,
    );
    expect(() => solveArray(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 1]), 2, 1)).toThrow(
      /singular/,
    );
  });
});
