import { describe, expect, it } from 'vitest';
import {
  abs,
  assertGradcheck,
  clamp,
  cos,
  exp,
  expm1,
  log,
  log1p,
  neg,
  reciprocal,
  sin,
  sqrt,
  square,
  tensor,
} from '../src/index';
import { arr, randn } from './helpers';

describe('unary math', () => {
  it('computes values', () => {
    const x = tensor([0, 1, 4], { dtype: 'float64' });
    expect(arr(exp(x))).toEqual([1, Math.E, Math.exp(4)]);
    expect(arr(sqrt(x))).toEqual([0, 1, 2]);
    expect(arr(log(tensor([1, Math.E], { dtype: 'float64' })))).toEqual([0, 1]);
    expect(arr(clamp(tensor([-2, 0.5, 3]), -1, 1))).toEqual([-1, 0.5, 1]);
    expect(() => clamp(x, 2, 1)).toThrow(/clamp: min 2 exceeds max 1/);
    expect(arr(neg(tensor([1, -2])))).toEqual([-1, 2]);
  });
  it('runs on non-contiguous views', () => {
    const m = tensor(
      [
        [0, 1],
        [2, 3],
      ],
      { dtype: 'float64' },
    );
    expect(square(m.T).toNested()).toEqual([
      [0, 4],
      [1, 9],
    ]);
    expect(exp(m.T).get(0, 1)).toBeCloseTo(Math.exp(2), 12);
  });
  it('gradients', () => {
    const x = randn([3, 4], 5);
    const pos = x.abs().add(0.5);
    for (const f of [exp, sin, cos, neg, square, expm1]) assertGradcheck(f, [x]);
    for (const f of [log, sqrt, reciprocal, log1p]) assertGradcheck(f, [pos]);
    assertGradcheck(abs, [pos]);
    assertGradcheck((t) => clamp(t, -0.5, 0.5), [x]);
  });
});
