import { ShapeError, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { normalizedRows, toNormalizedShape } from '../src/normalized-shape';

describe('normalized shape', () => {
  it('accepts an int or a list, and counts rows over the leading dimensions', () => {
    expect(toNormalizedShape('op', 4)).toEqual([4]);
    expect(toNormalizedShape('op', [2, 3])).toEqual([2, 3]);
    expect(normalizedRows('op', [5, 2, 3], [2, 3])).toEqual({ n: 6, rows: 5 });
    expect(normalizedRows('op', [4], [4])).toEqual({ n: 4, rows: 1 });
  });
  it('refuses a shape the input does not end in, and bad normalized shapes', () => {
    expect(() => normalizedRows('op', [3], [2, 3])).toThrow(ShapeError);
    expect(() => normalizedRows('op', [2, 4], [3])).toThrow(/op: expected input \[\.\.\., 3\], got \[2, 4\]/);
    expect(() => toNormalizedShape('op', [])).toThrow(ValueError);
    expect(() => toNormalizedShape('op', [2.5])).toThrow(ValueError);
  });
});
