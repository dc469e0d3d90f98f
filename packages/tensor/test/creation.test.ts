import { describe, expect, it } from 'vitest';
import {
  arange,
  DTypeError,
  eye,
  fromArray,
  full,
  linspace,
  ones,
  ShapeError,
  scalar,
  tensor,
  ValueError,
  zeros,
} from '../src/index';

describe('creation', () => {
  it('fromArray aliases a typed array of the same dtype and copies otherwise', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const t = fromArray(data, [2, 2]);
    expect(t.data).toBe(data);
    expect(t.dtype).toBe('float32');
    const d = fromArray(data, [4], { dtype: 'float64' });
    expect(d.data).not.toBe(data);
    expect(d.dtype).toBe('float64');
    expect(Array.from(d.toArray())).toEqual([1, 2, 3, 4]);
  });
  it('checks that the data fills the shape', () => {
    expect(() => fromArray([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => fromArray([1, 2, 3], [2, 2])).toThrow(/fromArray: 3 values cannot fill shape \[2, 2\]/);
    expect(() => zeros([2], { dtype: 'int32' as never })).toThrow(DTypeError);
  });
  it('tensor() infers shapes from nested arrays and refuses ragged ones', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(5).shape).toEqual([]);
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
  });
  it('fills, ranges and identities', () => {
    expect(Array.from(full([2], 7).toArray())).toEqual([7, 7]);
    expect(Array.from(ones([3]).toArray())).toEqual([1, 1, 1]);
    expect(Array.from(arange(5).toArray())).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(arange(1, 2, 0.25, { dtype: 'float64' }).toArray())).toEqual([1, 1.25, 1.5, 1.75]);
    expect(() => arange(0, 1, 0)).toThrow(ValueError);
    expect(Array.from(linspace(0, 1, 5, { dtype: 'float64' }).toArray())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(2, 3).toNested()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(scalar(3).item()).toBe(3);
  });
});
