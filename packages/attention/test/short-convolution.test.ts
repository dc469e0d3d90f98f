import { assertGradcheck, concat, fromArray, ShapeError, silu, slice, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ShortConvolution, shortConvolution } from '../src/index';
import { arr, checkParameterGrads, expectClose, randn } from './helpers';

describe('short convolution', () => {
  it('y[t, d] = Σ_s w[d, 0, K−1−s]·x[t−s, d] + b[d], then the activation', () => {
    const x = fromArray([1, 10, 2, 20, 3, 30], [1, 3, 2], { dtype: 'float64' });
    const w = fromArray([0.5, 1, 2, -1, 0, 1], [2, 1, 3], { dtype: 'float64' }); // channel 0: taps [0.5, 1, 2]
    const b = fromArray([0.1, -0.1], [2], { dtype: 'float64' });
    const y = arr(shortConvolution(x, w, b));
    // channel 0 at t = 2: 2·3 + 1·2 + 0.5·1 + 0.1
    expect(y[4]).toBeCloseTo(8.6, 14);
    // channel 1 at t = 0: 1·10 − 0.1 (earlier inputs are zero)
    expect(y[1]).toBeCloseTo(9.9, 14);
    expectClose(shortConvolution(x, w, b, 'silu'), silu(shortConvolution(x, w, b)), 0);
  });

  it('the module: fla names, and one token at a time equals the whole sequence', () => {
    for (const K of [1, 2, 3, 4]) {
      const conv = new ShortConvolution(3, K, { dtype: 'float64' });
      expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
      const x = randn([2, 7, 3], K);
      const whole = conv.forward(x);
      let state = conv.initialState(2);
      const ys = [];
      for (let t = 0; t < 7; t++) {
        const r = conv.forwardWithState(slice(x, 1, t, t + 1), state);
        ys.push(r.y);
        state = r.state;
      }
      expectClose(concat(ys, 1), whole, 1e-14);
      const a = conv.forwardWithState(slice(x, 1, 0, 4));
      const b = conv.forwardWithState(slice(x, 1, 4), a.state);
      expectClose(concat([a.y, b.y], 1), whole, 1e-14);
    }
  });

  it('gradients of input, kernel and bias', () => {
    const conv = new ShortConvolution(2, 3, { dtype: 'float64', activation: 'silu' });
    const x = randn([1, 5, 2], 9);
    checkParameterGrads([...conv.parameters(), x.requiresGrad_()], () => conv.forward(x));
    assertGradcheck(
      (a, w) => shortConvolution(a, w, null, 'silu'),
      [randn([1, 4, 2], 10), randn([2, 1, 2], 11)],
    );
  });

  it('refuses bad shapes and options', () => {
    expect(() => new ShortConvolution(2, 0)).toThrow(ValueError);
    const conv = new ShortConvolution(2, 3);
    expect(() => conv.forwardWithState(randn([1, 2, 3], 1, 'float32'))).toThrow(ShapeError);
    expect(() =>
      conv.forwardWithState(randn([1, 2, 2], 1, 'float32'), randn([1, 1, 2], 1, 'float32')),
    ).toThrow(ShapeError);
    expect(() => shortConvolution(randn([1, 2, 2]), randn([2, 1, 2]), null, 'gelu' as 'silu')).toThrow(
      ValueError,
    );
  });
});
