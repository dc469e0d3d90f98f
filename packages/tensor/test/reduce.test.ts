import { describe, expect, it } from 'vitest';
import {
  arange,
  argmax,
  argmin,
  assertGradcheck,
  max,
  mean,
  min,
  ShapeError,
  sum,
  sumTo,
  tensor,
} from '../src/index';
import { arr, randn } from './helpers';

describe('reductions', () => {
  const x = arange(24, undefined, 1, { dtype: 'float64' }).reshape(2, 3, 4);
  it('sum and mean over any axes', () => {
    expect(sum(x).item()).toBe(276);
    expect(sum(x, 1).shape).toEqual([2, 4]);
    // x[b, j, k] = 12b + 4j + k: Σ_b Σ_k = 60 + 32j
    expect(arr(sum(x, [0, 2]))).toEqual([60, 92, 124]);
    expect(sum(x, -1, true).shape).toEqual([2, 3, 1]);
    expect(arr(mean(x, [1, 2]))).toEqual([5.5, 17.5]);
  });
  it('reduces strided views correctly', () => {
    const t = x.permute(2, 0, 1);
    expect(arr(sum(t, 0))).toEqual(arr(sum(x, 2)));
    expect(arr(max(t, [1, 2]))).toEqual([20, 21, 22, 23]);
  });
  it('float32 sums accumulate in float64', () => {
    const n = 1 << 20;
    const ones = tensor(new Float32Array(n).fill(0.1));
    expect(Math.abs(sum(ones).item() - 0.1 * n) / (0.1 * n)).toBeLessThan(1e-6);
  });
  it('max/min/argmax/argmin, NaN propagating, first index on ties', () => {
    const t = tensor([
      [1, 5, 5],
      [7, 0, -1],
    ]);
    expect(arr(max(t, 1))).toEqual([5, 7]);
    expect(arr(min(t, 0))).toEqual([1, 0, -1]);
    expect(arr(argmax(t, 1))).toEqual([1, 0]);
    expect(arr(argmin(t, 1))).toEqual([0, 2]);
    expect(argmax(t).item()).toBe(3);
    expect(argmax(t, 1, true).shape).toEqual([2, 1]);
    expect(max(tensor([1, Number.NaN, 3])).item()).toBeNaN();
    expect(argmax(tensor([1, Number.NaN, 3])).item()).toBe(1);
    expect(() => max(tensor([]))).toThrow(ShapeError);
  });
  it('sumTo folds broadcast gradients', () => {
    const g = arange(6, undefined, 1, { dtype: 'float64' }).reshape(2, 3);
    expect(arr(sumTo(g, [3]))).toEqual([3, 5, 7]);
    expect(arr(sumTo(g, [2, 1]))).toEqual([3, 12]);
    expect(() => sumTo(g, [4])).toThrow(ShapeError);
  });
  it('gradients', () => {
    const r = randn([3, 4, 2], 3);
    assertGradcheck((t) => sum(t, [0, 2]), [r]);
    assertGradcheck((t) => mean(t, 1, true), [r]);
    assertGradcheck((t) => max(t, 1), [r]);
    assertGradcheck((t) => min(t, [0, 1]), [r]);
    assertGradcheck((t) => sum(t), [r]);
  });
  it('splits the max gradient evenly between ties', () => {
    const t = tensor([2, 2, 1], { dtype: 'float64', requiresGrad: true });
    max(t).backward();
    expect(arr(t.grad!)).toEqual([0.5, 0.5, 0]);
  });
});
