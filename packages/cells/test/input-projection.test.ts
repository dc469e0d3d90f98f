import { add, assertGradcheck, DTypeError, matmul, ShapeError, transpose } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { inputProjection } from '../src/input-projection';
import { expectAllClose } from './close';
import { randn } from './random-tensors';

describe('inputProjection', () => {
  it('computes x wᵀ + b in one pass, with and without bias, in both dtypes', () => {
    const x = randn([5, 3], 1);
    const w = randn([4, 3], 2);
    const b = randn([4], 3);
    expectAllClose(inputProjection(x, w, b), add(matmul(x, transpose(w)), b), 1e-14, 1e-15);
    expectAllClose(inputProjection(x, w, null), matmul(x, transpose(w)), 1e-14, 1e-15);
    const f = (t: typeof x) => t.to('float32');
    expectAllClose(
      inputProjection(f(x), f(w), f(b)),
      add(matmul(x, transpose(w)), b).to('float32'),
      1e-6,
      1e-6,
    );
    // Large enough for the WebAssembly kernel (float32) as well.
    const X = randn([64, 40], 4);
    const W = randn([48, 40], 5);
    expectAllClose(inputProjection(f(X), f(W), null), matmul(X, transpose(W)).to('float32'), 1e-5, 1e-5);
  });

  it('passes gradcheck in x, w and b', () => {
    assertGradcheck(
      (x, w, b) => inputProjection(x!, w!, b!),
      [randn([4, 3], 1), randn([5, 3], 2), randn([5], 3)],
    );
    assertGradcheck(
      (x, w) => inputProjection(x!, w!, null),
      [randn([2, 3], 1).transpose(0, 1), randn([4, 2], 2)],
    );
  });

  it('refuses misfitting operands', () => {
    expect(() => inputProjection(randn([4, 3], 1), randn([5, 2], 2), null)).toThrow(ShapeError);
    expect(() => inputProjection(randn([4, 3], 1), randn([5, 3], 2), randn([4], 3))).toThrow(
      /bias must be \[5\]/,
    );
    expect(() => inputProjection(randn([4, 3], 1), randn([5, 3], 2, { dtype: 'float32' }), null)).toThrow(
      DTypeError,
    );
  });
});
