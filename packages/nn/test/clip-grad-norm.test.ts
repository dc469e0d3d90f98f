import { tensor, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipGradNorm } from '../src/index';

function withGrad(values: number[], grad: number[]) {
  const t = tensor(values, { dtype: 'float64', requiresGrad: true });
  t.mul(tensor(grad, { dtype: 'float64' }))
    .sum()
    .backward();
  return t;
}

describe('clipGradNorm', () => {
  it('scales all gradients by maxNorm/(norm + 1e-6) when the global norm exceeds maxNorm', () => {
    const a = withGrad([0, 0], [3, 4]);
    const b = withGrad([0], [12]);
    const unused = tensor([1], { requiresGrad: true });
    const total = clipGradNorm([a, b, unused], 6.5);
    expect(total).toBe(13); // √(9 + 16 + 144)
    const coef = 6.5 / (13 + 1e-6);
    expect(Array.from(a.grad!.toArray())).toEqual([3 * coef, 4 * coef]);
    expect(Array.from(b.grad!.toArray())).toEqual([12 * coef]);
    expect(unused.grad).toBeNull();
  });
  it('leaves gradients alone below the threshold, and supports the max norm', () => {
    const a = withGrad([0, 0], [3, -4]);
    expect(clipGradNorm([a], 10)).toBe(5);
    expect(Array.from(a.grad!.toArray())).toEqual([3, -4]);
    expect(clipGradNorm([a], 2, { normType: Number.POSITIVE_INFINITY })).toBe(4);
    expect(a.grad!.get(1)).toBeCloseTo(-2, 6);
    const b = withGrad([0, 0], [1, 1]);
    expect(clipGradNorm([b], 100, { normType: 1 })).toBe(2);
  });
  it('after clipping the norm is at most maxNorm (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (g, maxNorm) => {
          const t = withGrad(
            g.map(() => 0),
            g,
          );
          clipGradNorm([t], maxNorm);
          const after = Math.sqrt(Array.from(t.grad!.toArray()).reduce((s, v) => s + v * v, 0));
          return after <= maxNorm * (1 + 1e-12) || after === Math.sqrt(g.reduce((s, v) => s + v * v, 0));
        },
      ),
      { numRuns: 100 },
    );
  });
  it('reports non-finite norms on request, and refuses bad arguments', () => {
    const a = withGrad([0], [Number.POSITIVE_INFINITY]);
    expect(() => clipGradNorm([a], 1, { errorIfNonfinite: true })).toThrow(
      /clipGradNorm: the total norm of order 2 of the gradients is Infinity/,
    );
    expect(() => clipGradNorm([a], -1)).toThrow(ValueError);
    expect(() => clipGradNorm([a], 1, { normType: 0 })).toThrow(/normType must be > 0/);
    expect(clipGradNorm([], 1)).toBe(0);
  });
});
