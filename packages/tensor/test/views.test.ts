import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  assertGradcheck,
  expand,
  flatten,
  flip,
  permute,
  reshape,
  ShapeError,
  select,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from '../src/index';
import { arr, randn } from './helpers';

describe('views', () => {
  it('reshape of contiguous data shares storage; of a transpose it copies', () => {
    const x = arange(12).reshape(3, 4);
    const v = reshape(x, [2, 6]);
    expect(v.data).toBe(x.data);
    const t = transpose(x);
    const r = reshape(t, [12]);
    expect(arr(r)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(reshape(x, [-1, 2]).shape).toEqual([6, 2]);
    expect(() => reshape(x, [5, -1])).toThrow(ShapeError);
    expect(() => reshape(x, [-1, -1])).toThrow(/only one dimension may be -1/);
  });
  it('reshape views splits and merges of strided layouts when possible', () => {
    const x = arange(24).reshape(2, 3, 4);
    const s = slice(x, 2, 0, 4, 2); // [2,3,2], strides [12,4,2]
    const r = reshape(s, [6, 2]);
    expect(r.data).toBe(x.data);
    expect(arr(r)).toEqual(arr(s));
  });
  it('reshape round-trips random shapes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), (shape) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = arange(n).reshape(shape);
        const p = permute(
          x,
          shape.map((_, i) => shape.length - 1 - i),
        );
        const back = reshape(reshape(p, [n]), p.shape);
        expect(arr(back)).toEqual(arr(p));
      }),
    );
  });
  it('permute, transpose and flip reorder elements', () => {
    const x = arange(6).reshape(2, 3);
    expect(permute(x, [1, 0]).toNested()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(flip(x, 1).toNested()).toEqual([
      [2, 1, 0],
      [5, 4, 3],
    ]);
    expect(() => permute(x, [0, 0])).toThrow(ShapeError);
  });
  it('slice follows Python rules, select drops the axis', () => {
    const x = arange(10);
    expect(arr(slice(x, 0, 2, 8, 3))).toEqual([2, 5]);
    expect(arr(slice(x, 0, -3))).toEqual([7, 8, 9]);
    expect(arr(slice(x, 0, 20))).toEqual([]);
    const m = arange(6).reshape(2, 3);
    expect(arr(select(m, 1, -1))).toEqual([2, 5]);
    expect(() => select(m, 0, 2)).toThrow(ShapeError);
  });
  it('expand broadcasts without copying; squeeze/unsqueeze/flatten', () => {
    const x = arange(3).reshape(3, 1);
    const e = expand(x, [2, 3, 4]);
    expect(e.data).toBe(x.data);
    expect(e.get(1, 2, 3)).toBe(2);
    expect(() => expand(x, [3, 2])).not.toThrow();
    expect(() => expand(arange(3), [4])).toThrow(ShapeError);
    expect(squeeze(x).shape).toEqual([3]);
    expect(() => squeeze(x, 0)).toThrow(/axis 0 has size 3/);
    expect(unsqueeze(arange(3), 0).shape).toEqual([1, 3]);
    expect(unsqueeze(arange(3), -1).shape).toEqual([3, 1]);
    expect(flatten(arange(24).reshape(2, 3, 4), 1).shape).toEqual([2, 12]);
  });
  it('gradients of every view', () => {
    const x = randn([2, 3, 4]);
    assertGradcheck((t) => reshape(t, [6, 4]), [x]);
    assertGradcheck((t) => permute(t, [2, 0, 1]), [x]);
    assertGradcheck((t) => slice(t, 2, 1, 4, 2), [x]);
    assertGradcheck((t) => select(t, 1, 2), [x]);
    assertGradcheck((t) => expand(unsqueeze(t, 0), [3, 2, 3, 4]), [x]);
    assertGradcheck((t) => flip(t, 1), [x]);
    assertGradcheck((t) => squeeze(unsqueeze(t, 1), 1), [x]);
  });
});
