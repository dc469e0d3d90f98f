import { describe, expect, it } from 'vitest';
import { assertGradcheck, cumprod, cumsum, tensor } from '../src/index';
import { arr, randn } from './helpers';

describe('cumulative', () => {
  it('running sums and products along an axis', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(cumsum(x, 1).toNested()).toEqual([
      [1, 3, 6],
      [4, 9, 15],
    ]);
    expect(cumsum(x, 0).toNested()).toEqual([
      [1, 2, 3],
      [5, 7, 9],
    ]);
    expect(arr(cumprod(tensor([1, 2, 3, 4])))).toEqual([1, 2, 6, 24]);
  });
  it('gradients, zeros in cumprod included', () => {
    const r = randn([3, 4], 2);
    assertGradcheck((p) => cumsum(p, 1), [r]);
    assertGradcheck((p) => cumsum(p, 0), [r]);
    assertGradcheck((p) => cumprod(p, 1), [r]);
    const z = tensor([0.5, 0, 2, 0, 1.5], { dtype: 'float64', requiresGrad: true });
    assertGradcheck((p) => cumprod(p, 0), [z]);
  });
});
