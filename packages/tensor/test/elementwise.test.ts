import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  assertGradcheck,
  DTypeError,
  div,
  maximum,
  minimum,
  mul,
  pow,
  ShapeError,
  sub,
  tensor,
} from '../src/index';
import { arr, f64, randn } from './helpers';

describe('elementwise arithmetic', () => {
  it('broadcasts like NumPy', () => {
    const a = tensor([[1], [2], [3]]);
    const b = tensor([10, 20]);
    expect(add(a, b).toNested()).toEqual([
      [11, 21],
      [12, 22],
      [13, 23],
    ]);
    expect(arr(sub(5, tensor([1, 2])))).toEqual([4, 3]);
    expect(arr(div(tensor([1, 2]), 2))).toEqual([0.5, 1]);
    expect(arr(pow(tensor([2, 3]), 2))).toEqual([4, 9]);
  });
  it('works on strided views', () => {
    const m = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(mul(m.T, m).toNested()).toEqual([
      [1, 6],
      [6, 16],
    ]);
  });
  it('refuses mismatched shapes and dtypes with named errors', () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => add(tensor([1]), tensor([1], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => add(tensor([1]), tensor([1], { dtype: 'float64' }))).toThrow(
      /^add: operands have different dtypes/,
    );
  });
  it('add is commutative and sub inverts it (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (xs) => {
          const a = f64(xs, [xs.length]);
          const b = f64(
            xs.map((v) => v * 0.5 + 1),
            [xs.length],
          );
          expect(arr(add(a, b))).toEqual(arr(add(b, a)));
          const back = arr(sub(add(a, b), b));
          back.forEach((v, i) =>
            expect(Math.abs(v - xs[i]!)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(xs[i]!))),
          );
        },
      ),
    );
  });
  it('maximum/minimum propagate NaN and split tie gradients', () => {
    expect(arr(maximum(tensor([1, Number.NaN]), tensor([2, 0])))).toEqual([2, Number.NaN]);
    expect(arr(minimum(tensor([1, 5]), 3))).toEqual([1, 3]);
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    maximum(x, 2).sum().backward();
    expect(arr(x.grad!)).toEqual([0, 0.5]);
  });
  it('gradients, broadcasting included', () => {
    const a = randn([2, 3], 1);
    const b = randn([3], 2);
    const pos = randn([2, 3], 3).abs().add(0.5);
    assertGradcheck((x, y) => add(x, y), [a, b]);
    assertGradcheck((x, y) => sub(x, y), [a, b]);
    assertGradcheck((x, y) => mul(x, y), [a, b]);
    assertGradcheck((x, y) => div(x, y), [a, b.abs().add(1)]);
    assertGradcheck((x, y) => pow(x, y), [pos, b]);
    assertGradcheck((x, y) => maximum(x, y), [a, b]);
    assertGradcheck((x, y) => minimum(x, y), [a, b]);
  });
});
