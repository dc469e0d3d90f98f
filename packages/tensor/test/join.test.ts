import { describe, expect, it } from 'vitest';
import { arange, assertGradcheck, chunk, concat, ShapeError, split, stack, tensor } from '../src/index';
import { arr, randn } from './helpers';

describe('join and split', () => {
  it('concat and stack', () => {
    const a = arange(4).reshape(2, 2);
    const b = arange(2).reshape(2, 1);
    expect(concat([a, b], 1).toNested()).toEqual([
      [0, 1, 0],
      [2, 3, 1],
    ]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(() => concat([a, b], 0)).toThrow(ShapeError);
    expect(() => stack([tensor([1]), tensor([1, 2])])).toThrow(/stack: all tensors must have one shape/);
  });
  it('split and chunk are concat inverses', () => {
    const x = arange(10);
    expect(split(x, 4).map(arr)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(split(x, [3, 7]).map((t) => t.size)).toEqual([3, 7]);
    expect(() => split(x, [3, 3])).toThrow(ShapeError);
    expect(arr(concat(chunk(x, 3)))).toEqual(arr(x));
  });
  it('gradients', () => {
    assertGradcheck((p, q) => concat([p, q], 1), [randn([2, 3], 1), randn([2, 2], 2)]);
    assertGradcheck((p, q) => stack([p, q], 0), [randn([2, 3], 1), randn([2, 3], 2)]);
    assertGradcheck((p) => split(p, [1, 2], 1)[1]!, [randn([2, 3], 3)]);
  });
});
