import { ShapeError, slice } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MLACache } from '../src/index';
import { arr, randn } from './helpers';

describe('MLACache', () => {
  it('stores latents and rotary keys in order', () => {
    const ckv = randn([2, 5, 6], 1);
    const kr = randn([2, 5, 2], 2);
    const cache = new MLACache(1);
    cache.append(slice(ckv, 1, 0, 2), slice(kr, 1, 0, 2));
    const r = cache.append(slice(ckv, 1, 2), slice(kr, 1, 2));
    expect(cache.length).toBe(5);
    expect(arr(r.ckv)).toEqual(arr(ckv));
    expect(arr(r.kr)).toEqual(arr(kr));
    expect(cache.bytesPerToken()).toBe((6 + 2) * 8);
    expect(cache.bytes()).toBe(2 * 5 * 8 * 8);
    expect(() => cache.append(randn([2, 6]), randn([2, 2]))).toThrow(ShapeError);
  });
});
