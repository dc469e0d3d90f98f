import { describe, expect, it } from 'vitest';
import { assertGradcheck, pad, ShapeError, tensor, ValueError } from '../src/index';
import { randn } from './helpers';

describe('pad', () => {
  it('pads trailing axes with a constant', () => {
    expect(pad(tensor([[1, 2]]), [[1, 2]], -1).toNested()).toEqual([[-1, 1, 2, -1, -1]]);
    expect(
      pad(tensor([[1, 2]]), [
        [1, 0],
        [0, 1],
      ]).toNested(),
    ).toEqual([
      [0, 0, 0],
      [1, 2, 0],
    ]);
    expect(() => pad(tensor([1]), [[-1, 0]])).toThrow(ValueError);
    expect(() =>
      pad(tensor([1]), [
        [0, 0],
        [0, 0],
      ]),
    ).toThrow(ShapeError);
  });
  it('gradient', () => {
    assertGradcheck(
      (p) =>
        pad(p, [
          [2, 1],
          [0, 3],
        ]),
      [randn([2, 3], 1)],
    );
  });
});
