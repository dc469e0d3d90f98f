import { ShapeError, slice, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { RowBuffer } from '../src/row-buffer';
import { arr, randn } from './helpers';

describe('RowBuffer', () => {
  it('appends rows, grows by doubling, and keeps earlier views intact', () => {
    const x = randn([2, 3, 9, 2], 1);
    const buf = new RowBuffer('test', 1);
    buf.append(slice(x, 2, 0, 2));
    const first = buf.view();
    buf.append(slice(x, 2, 2, 9));
    expect(buf.length).toBe(9);
    expect(arr(buf.view())).toEqual(arr(x));
    expect(arr(first)).toEqual(arr(slice(x, 2, 0, 2)));
    expect(buf.bytesPerRow()).toBe(3 * 2 * 8);
  });

  it('refuses other shapes, and reads before the first append', () => {
    const buf = new RowBuffer('myCache');
    expect(() => buf.view()).toThrow(ValueError);
    buf.append(randn([1, 2, 1, 3]));
    expect(() => buf.append(randn([1, 2, 1, 4]))).toThrow(/myCache/);
    expect(() => buf.append(randn([1, 2, 4]))).toThrow(ShapeError);
  });
});
