import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertGradcheck, DTypeError, matmul, ShapeError, tensor, transpose } from '../src/index';
import { arr, at, randn } from './helpers';

/** Naive reference on flat arrays: [..., m, k] x [..., k, n] with equal batch shapes. */
function naive(a: number[], b: number[], batch: number, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let q = 0; q < batch; q++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[q * m * k + i * k + p]! * b[q * k * n + p * n + j]!;
        out.push(s);
      }
  return out;
}

describe('matmul', () => {
  it('matches the naive product for random shapes, float64 and float32 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        (batch, m, k, n, seed) => {
          const a = randn([batch, m, k], seed);
          const b = randn([batch, k, n], seed + 1);
          const ref = naive(arr(a), arr(b), batch, m, k, n);
          arr(matmul(a, b)).forEach((v, i) =>
            expect(Math.abs(v - ref[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(ref[i]!))),
          );
          const c32 = arr(matmul(a.to('float32'), b.to('float32')));
          c32.forEach((v, i) => expect(Math.abs(v - ref[i]!)).toBeLessThan(1e-4 * (1 + Math.sqrt(k))));
        },
      ),
      { numRuns: 40 },
    );
  });
  it('reads transposed operands through strides', () => {
    const a = randn([5, 3], 1);
    const b = randn([5, 4], 2);
    const c = matmul(transpose(a), b); // [3, 4]
    const ref = naive(arr(transpose(a)), arr(b), 1, 3, 5, 4);
    arr(c).forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
  });
  it('broadcasts batch dimensions and handles 1-D operands', () => {
    const a = randn([2, 1, 3, 4], 3);
    const b = randn([5, 4, 2], 4);
    const c = matmul(a, b);
    expect(c.shape).toEqual([2, 5, 3, 2]);
    const ab = arr(a);
    const bb = arr(b);
    let s = 0;
    for (let p = 0; p < 4; p++) s += at(ab, a.shape, [1, 0, 2, p]) * at(bb, b.shape, [3, p, 1]);
    expect(at(arr(c), c.shape, [1, 3, 2, 1])).toBeCloseTo(s, 12);
    const v = tensor([1, 2], { dtype: 'float64' });
    const m = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    expect(arr(matmul(v, m))).toEqual([7, 10]);
    expect(arr(matmul(m, v))).toEqual([5, 11]);
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(5);
  });
  it('names the mismatch in errors', () => {
    expect(() => matmul(randn([2, 3]), randn([4, 2]))).toThrow(ShapeError);
    expect(() => matmul(randn([2, 3]), randn([4, 2]))).toThrow(
      /matmul: inner dimensions differ: \[2, 3\] · \[4, 2\]/,
    );
    expect(() => matmul(randn([2, 3]), randn([3, 2], 1, 'float32'))).toThrow(DTypeError);
    expect(() => matmul(tensor(1), tensor([1]))).toThrow(ShapeError);
  });
  it('handles empty dimensions', () => {
    expect(matmul(randn([0, 3]), randn([3, 2])).shape).toEqual([0, 2]);
    expect(arr(matmul(randn([2, 0]), randn([0, 2])))).toEqual([0, 0, 0, 0]);
  });
  it('gradients, with broadcast batches and 1-D operands', () => {
    assertGradcheck(matmul, [randn([2, 3, 4], 1), randn([4, 5], 2)]);
    assertGradcheck(matmul, [randn([3, 1, 2, 3], 3), randn([4, 3, 2], 4)]);
    assertGradcheck(matmul, [randn([3], 5), randn([2, 3, 4], 6)]);
    assertGradcheck(matmul, [randn([3, 4], 7), randn([4], 8)]);
  });
});
