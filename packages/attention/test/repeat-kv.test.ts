import { assertGradcheck, ShapeError, slice } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { repeatKv } from '../src/index';
import { arr, randn } from './helpers';

describe('repeatKv', () => {
  it('repeats each head consecutively: head h of the result is head h // group', () => {
    const x = randn([2, 3, 4, 5], 1);
    const r = repeatKv(x, 2);
    expect(r.shape).toEqual([2, 6, 4, 5]);
    for (let h = 0; h < 6; h++)
      expect(arr(slice(r, 1, h, h + 1))).toEqual(arr(slice(x, 1, h >> 1, (h >> 1) + 1)));
    expect(repeatKv(x, 1)).toBe(x);
  });

  it('the gradient of a shared head sums over its copies', () => {
    assertGradcheck((t) => repeatKv(t, 3), [randn([1, 2, 3, 2], 2)]);
    expect(() => repeatKv(randn([2, 3]), 2)).toThrow(ShapeError);
  });
});
