import { describe, expect, it } from 'vitest';
import { columnSums } from '../src/column-sums';
import { randn } from './random-tensors';

describe('columnSums', () => {
  it('sums the rows of a row-major block from an offset, in the dtype of `like`', () => {
    const g = Float32Array.of(99, 1, 2, 3, 4, 5, 6);
    const s = columnSums(g, 1, 2, 3, randn([1], 0, { dtype: 'float32' }));
    expect(s.dtype).toBe('float32');
    expect([...s.toArray()]).toEqual([5, 7, 9]);
  });
});
