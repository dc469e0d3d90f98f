import { describe, expect, it } from 'vitest';
import {
  assertGradcheck,
  gather,
  indexSelect,
  maskedFill,
  ShapeError,
  tensor,
  ValueError,
  where,
} from '../src/index';
import { arr, randn } from './helpers';

describe('indexing', () => {
  it('indexSelect picks rows, with n-d index shapes and repeats', () => {
    const table = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(indexSelect(table, 0, [2, 0, 2]).toNested()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(indexSelect(table, 0, tensor([[0, 1]])).shape).toEqual([1, 2, 2]);
    expect(arr(indexSelect(table, 1, [-1]))).toEqual([2, 4, 6]);
    expect(() => indexSelect(table, 0, [3])).toThrow(ValueError);
    expect(() => indexSelect(table, 0, [0.5])).toThrow(/indexSelect: index 0.5 is not an integer/);
  });
  it('gather follows torch.gather', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(
      gather(
        x,
        1,
        tensor([
          [2, 0],
          [1, 1],
        ]),
      ).toNested(),
    ).toEqual([
      [3, 1],
      [5, 5],
    ]);
    expect(() => gather(x, 1, tensor([1, 2]))).toThrow(ShapeError);
  });
  it('where and maskedFill broadcast', () => {
    const c = tensor([1, 0, 1]);
    expect(arr(where(c, tensor([1, 2, 3]), 0))).toEqual([1, 0, 3]);
    expect(arr(maskedFill(tensor([1, 2, 3]), c, -9))).toEqual([-9, 2, -9]);
  });
  it('gradients (repeated indices accumulate)', () => {
    const t = randn([4, 3], 1);
    assertGradcheck((p) => indexSelect(p, 0, [1, 3, 1]), [t]);
    assertGradcheck((p) => indexSelect(p, 1, [2, 0]), [t]);
    assertGradcheck(
      (p) =>
        gather(
          p,
          0,
          tensor(
            [
              [0, 3, 3],
              [2, 2, 1],
            ],
            { dtype: 'float64' },
          ),
        ),
      [t],
    );
    const cond = tensor([[1, 0, 1]], { dtype: 'float64' });
    assertGradcheck((a, b) => where(cond, a, b), [t, randn([3], 2)]);
  });
});
