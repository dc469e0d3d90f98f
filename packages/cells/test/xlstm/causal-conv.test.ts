import { assertGradcheck, ShapeError, stack } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { CausalConv1d } from '../../src/xlstm/causal-conv';
import { expectClose, randn } from './random-inputs';

describe('CausalConv1d', () => {
  it('has torch.nn.Conv1d’s parameter names and shapes under `conv`', () => {
    const conv = new CausalConv1d(5, 3);
    const sd = conv.stateDict();
    expect(Object.keys(sd).sort()).toEqual(['conv.bias', 'conv.weight']);
    expect(sd['conv.weight']!.shape).toEqual([5, 1, 3]);
    expect(Object.keys(new CausalConv1d(5, 3, { bias: false }).stateDict())).toEqual(['conv.weight']);
  });
  it('y[t, d] = Σ_s w[d, K−1−s] x[t−s, d] + bias[d]', () => {
    const conv = new CausalConv1d(2, 3, { dtype: 'float64' });
    const x = randn([1, 4, 2], 1);
    const y = conv.forward(x);
    const w = conv.stateDict()['conv.weight']!;
    const b = conv.stateDict()['conv.bias']!;
    for (let t = 0; t < 4; t++)
      for (let d = 0; d < 2; d++) {
        let s = b.get(d);
        for (let j = 0; j < 3 && j <= t; j++) s += w.get(d, 0, 2 - j) * x.get(0, t - j, d);
        expect(y.get(0, t, d)).toBeCloseTo(s, 14);
      }
  });
  it('step by step equals forward; forward from a state equals forward over the joined sequence', () => {
    for (const K of [1, 2, 4]) {
      const conv = new CausalConv1d(3, K, { dtype: 'float64' });
      const x = randn([2, 6, 3], K);
      const whole = conv.forward(x);
      let state = conv.initialState(2, 'float64');
      const ys = [];
      for (let t = 0; t < 6; t++) {
        const [y, next] = conv.step(x.select(1, t), state);
        ys.push(y);
        state = next;
      }
      expectClose(stack(ys, 1), whole, 1e-14, 1e-15);
      expectClose(state, conv.stateAfter(x), 0, 0);
      const head = x.slice(1, 0, 2);
      const tail = conv.forward(x.slice(1, 2), conv.stateAfter(head));
      expectClose(tail, whole.slice(1, 2), 1e-14, 1e-15);
    }
  });
  it('gradients through the step form', () => {
    const conv = new CausalConv1d(2, 3, { dtype: 'float64' });
    assertGradcheck((x, s) => conv.step(x, s)[0], [randn([2, 2], 1), randn([2, 2, 2], 2)]);
  });
  it('checks shapes', () => {
    const conv = new CausalConv1d(2, 3);
    expect(() => conv.step(randn([1, 3], 1, 'float32'))).toThrow(ShapeError);
    expect(() => conv.step(randn([1, 2], 1, 'float32'), randn([1, 3, 2], 1, 'float32'))).toThrow(
      /CausalConv1d.step: state must be \[1, 2, 2\], got \[1, 3, 2\]/,
    );
    expect(() => new CausalConv1d(2, 0)).toThrow(/kernelSize must be a positive integer/);
  });
});
