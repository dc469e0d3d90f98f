import { describe, expect, it } from 'vitest';
import { coalesce, forEachRow } from '../src/strided';

describe('strided iteration', () => {
  it('merges a contiguous tensor into one row', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1]])).toEqual({ shape: [24], strides: [[1]] });
  });
  it('keeps axes a transpose separates', () => {
    const c = coalesce([3, 2], [[1, 3]]);
    expect(c.shape).toEqual([3, 2]);
  });
  it('drops size-1 axes and merges broadcast (zero-stride) axes', () => {
    expect(
      coalesce(
        [1, 4, 5],
        [
          [20, 5, 1],
          [0, 0, 0],
        ],
      ),
    ).toEqual({ shape: [20], strides: [[1], [0]] });
  });
  it('visits every element exactly once in row-major order', () => {
    const seen: number[] = [];
    forEachRow([2, 3], [[1, 2]], [0], (pos, n, steps) => {
      for (let k = 0; k < n; k++) seen.push(pos[0]! + k * steps[0]!);
    });
    expect(seen).toEqual([0, 2, 4, 1, 3, 5]);
  });
  it('skips empty shapes and handles 0-d', () => {
    let calls = 0;
    forEachRow([2, 0], [[0, 1]], [0], () => calls++);
    expect(calls).toBe(0);
    forEachRow([], [[]], [7], (pos, n) => {
      expect(pos[0]).toBe(7);
      expect(n).toBe(1);
      calls++;
    });
    expect(calls).toBe(1);
  });
});
