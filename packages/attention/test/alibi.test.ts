import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { alibiBias, alibiSlopes, flashAttention, scaledDotProductAttention } from '../src/index';
import { arr, expectClose, randn } from './helpers';

describe('ALiBi', () => {
  it('slopes of a power of two are 2^(−8h/H)', () => {
    expect(alibiSlopes(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => 2 ** -i));
    expect(alibiSlopes(4)).toEqual([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8]);
  });

  it('non-powers of two: those of the lower power, then every other slope of the next (paper code)', () => {
    // get_slopes(6) = get_slopes(4) + get_slopes(8)[0::2][:2]
    expect(alibiSlopes(6)).toEqual([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8, 2 ** -1, 2 ** -3]);
    // get_slopes(12) = get_slopes(8) + get_slopes(16)[0::2][:4], get_slopes(16) = 2^(−0.5·(i+1))
    const twelve = alibiSlopes(12);
    expect(twelve.slice(0, 8)).toEqual(alibiSlopes(8));
    [0.5, 1.5, 2.5, 3.5].forEach((e, i) => expect(twelve[8 + i]).toBeCloseTo(2 ** -e, 15));
    expect(alibiSlopes(1)).toEqual([2 ** -8]);
  });

  it('bias[h, i, j] = slope_h·(j − i), bottom-right aligned for Lq ≠ Lk', () => {
    const b = alibiBias([0.5, 0.25], 3, 3, 'float64');
    expect(b.shape).toEqual([2, 3, 3]);
    expect(b.get(0, 2, 0)).toBe(-1);
    expect(b.get(1, 0, 2)).toBe(0.5);
    const rect = alibiBias([1], 2, 5, 'float64');
    // query rows at positions 3 and 4
    expect(arr(rect)).toEqual([-3, -2, -1, 0, 1, -4, -3, -2, -1, 0]);
  });

  it('the tiled kernel adds the same bias on the fly', () => {
    const q = randn([1, 6, 9, 4], 1);
    const k = randn([1, 6, 9, 4], 2);
    const v = randn([1, 6, 9, 4], 3);
    const slopes = alibiSlopes(6);
    expectClose(
      flashAttention(q, k, v, { causal: true, alibiSlopes: slopes, blockQ: 4, blockK: 3 }),
      scaledDotProductAttention(q, k, v, { causal: true, mask: alibiBias(slopes, 9, 9, 'float64') }),
      1e-12,
    );
  });

  it('refuses a non-positive head count', () => {
    expect(() => alibiSlopes(0)).toThrow(ValueError);
  });
});
