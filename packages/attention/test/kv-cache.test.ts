import { ShapeError, slice, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { KVCache } from '../src/index';
import { arr, randn } from './helpers';

describe('KVCache', () => {
  it('returns everything appended, in order, across growth', () => {
    const k = randn([2, 3, 11, 4], 1);
    const v = randn([2, 3, 11, 5], 2);
    const cache = new KVCache(2);
    const views = [];
    for (const [a, b] of [
      [0, 1],
      [1, 4],
      [4, 5],
      [5, 11],
    ] as const) {
      const r = cache.append(slice(k, 2, a, b), slice(v, 2, a, b));
      views.push({ ...r, n: b });
    }
    expect(cache.length).toBe(11);
    expect(arr(cache.keys)).toEqual(arr(k));
    expect(arr(cache.values)).toEqual(arr(v));
    // Views handed out earlier still show their prefix after later appends and reallocations.
    for (const { keys, values, n } of views) {
      expect(arr(keys)).toEqual(arr(slice(k, 2, 0, n)));
      expect(arr(values)).toEqual(arr(slice(v, 2, 0, n)));
    }
  });

  it('reports its size: Hkv·(d + dv) numbers per token', () => {
    const cache = new KVCache();
    cache.append(randn([2, 4, 3, 8], 1, 'float32'), randn([2, 4, 3, 8], 2, 'float32'));
    expect(cache.bytesPerToken()).toBe(4 * 16 * 4);
    expect(cache.bytes()).toBe(2 * 3 * 4 * 16 * 4);
    cache.reset();
    expect(cache.length).toBe(0);
  });

  it('refuses mismatched appends and reads of an empty cache', () => {
    const cache = new KVCache();
    expect(() => cache.keys).toThrow(ValueError);
    cache.append(randn([1, 2, 1, 4]), randn([1, 2, 1, 4]));
    expect(() => cache.append(randn([1, 3, 1, 4]), randn([1, 3, 1, 4]))).toThrow(ShapeError);
    expect(() => cache.append(randn([1, 2, 1, 4]), randn([1, 2, 2, 4]))).toThrow(ShapeError);
    expect(() => new KVCache(0)).toThrow(ValueError);
  });
});
