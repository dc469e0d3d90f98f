import { fromArray } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { lastAxis, leadingSize, readFloat64, tensorOf, withLastAxis } from '../src/tensor-io';

describe('tensor io', () => {
  it('reads contiguous float64 storage without copying, anything else by copy', () => {
    const data = Float64Array.of(1, 2, 3, 4, 5, 6);
    const t = fromArray(data, [2, 3]);
    const v = readFloat64(t);
    expect(v.buffer).toBe(data.buffer);
    expect([...v]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...readFloat64(t.transpose())]).toEqual([1, 4, 2, 5, 3, 6]);
    expect([...readFloat64(t.slice(1, 1, 3))]).toEqual([2, 3, 5, 6]);
    const f32 = readFloat64(fromArray([1.5, 2.5], [2], { dtype: 'float32' }));
    expect(f32).toBeInstanceOf(Float64Array);
    expect([...f32]).toEqual([1.5, 2.5]);
  });

  it('makes tensors of the requested dtype', () => {
    const a = tensorOf(Float64Array.of(1, 2), [2], 'float64');
    expect(a.dtype).toBe('float64');
    const b = tensorOf(Float64Array.of(1, 2), [1, 2], 'float32');
    expect(b.dtype).toBe('float32');
    expect(b.shape).toEqual([1, 2]);
  });

  it('handles axes', () => {
    expect(lastAxis('op', [2, 5])).toBe(5);
    expect(() => lastAxis('op', [])).toThrow(
      expect.objectContaining({ name: 'ShapeError', message: expect.stringMatching(/^op:/) }),
    );
    expect(leadingSize([2, 3, 5])).toBe(6);
    expect(leadingSize([5])).toBe(1);
    expect(withLastAxis([2, 3], 7)).toEqual([2, 7]);
  });
});
