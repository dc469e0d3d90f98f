import { DTypeError, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkHeads } from '../src/head-shapes';
import { randn } from './helpers';

describe('checkHeads', () => {
  it('reads the dimensions of q, k, v', () => {
    expect(checkHeads('t', randn([2, 6, 3, 4]), randn([2, 2, 5, 4]), randn([2, 2, 5, 7]))).toEqual({
      B: 2,
      H: 6,
      Hkv: 2,
      Lq: 3,
      Lk: 5,
      d: 4,
      dv: 7,
      group: 3,
    });
  });

  it('names the op and the shapes when they do not fit', () => {
    expect(() => checkHeads('myOp', randn([2, 3, 4]), randn([2, 3, 4]), randn([2, 3, 4]))).toThrow(
      /myOp: q must be \[B, H, L, d\]/,
    );
    expect(() => checkHeads('myOp', randn([1, 4, 2, 2]), randn([1, 3, 2, 2]), randn([1, 3, 2, 2]))).toThrow(
      ShapeError,
    );
    expect(() => checkHeads('myOp', randn([1, 2, 2, 2]), randn([1, 2, 2, 2]), randn([1, 2, 3, 2]))).toThrow(
      ShapeError,
    );
    expect(() => checkHeads('myOp', randn([2, 2, 2, 2]), randn([1, 2, 2, 2]), randn([1, 2, 2, 2]))).toThrow(
      ShapeError,
    );
    expect(() =>
      checkHeads('myOp', randn([1, 2, 2, 2]), randn([1, 2, 2, 2], 1, 'float32'), randn([1, 2, 2, 2])),
    ).toThrow(DTypeError);
  });
});
