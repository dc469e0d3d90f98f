import { describe, expect, it } from 'vitest';
import { flattenResult } from '../src/device-array';

describe('flattenResult', () => {
  it('views contiguous rows of one buffer without copying', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i);
    const rows = [
      [data.subarray(0, 3), data.subarray(3, 6)],
      [data.subarray(6, 9), data.subarray(9, 12)],
    ];
    const flat = flattenResult(rows, 12, 'op');
    expect(flat.buffer).toBe(data.buffer);
    expect(Array.from(flat)).toEqual(Array.from(data));
  });
  it('copies rows that are not contiguous', () => {
    const rows = [Float32Array.of(1, 2), Float32Array.of(3, 4)];
    expect(Array.from(flattenResult(rows, 4, 'op'))).toEqual([1, 2, 3, 4]);
  });
  it('rejects what is not a kernel result', () => {
    expect(() => flattenResult([1, 2], 2, 'op')).toThrow(/unexpected kernel result/);
  });
});
