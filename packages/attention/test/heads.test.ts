import { ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { mergeHeads, splitHeads } from '../src/index';
import { arr, randn } from './helpers';

describe('splitHeads / mergeHeads', () => {
  it('split puts features h·dh .. (h+1)·dh − 1 in head h, and merge inverts it', () => {
    const x = randn([2, 3, 6], 1);
    const s = splitHeads(x, 3);
    expect(s.shape).toEqual([2, 3, 3, 2]);
    expect(s.get(1, 2, 0, 1)).toBe(x.get(1, 0, 5));
    expect(arr(mergeHeads(s))).toEqual(arr(x));
  });

  it('refuses widths that do not split', () => {
    expect(() => splitHeads(randn([2, 3, 5]), 2)).toThrow(ShapeError);
    expect(() => mergeHeads(randn([2, 3, 5]))).toThrow(ShapeError);
  });
});
