import { concat, slice, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { LinearAttentionLayer, type LinearAttentionState, linearStateBytes } from '../src/index';
import { checkParameterGrads, expectClose, randn } from './helpers';

describe('LinearAttentionLayer', () => {
  it('decoding with a constant-size state equals the causal forward', () => {
    const layer = new LinearAttentionLayer(8, 2, { dtype: 'float64', chunkSize: 3 });
    const x = randn([2, 9, 8], 1);
    const whole = layer.forward(x).y;
    let state: LinearAttentionState | undefined;
    const ys: Tensor[] = [];
    for (let t = 0; t < 9; t++) {
      const r = layer.forward(slice(x, 1, t, t + 1), state);
      ys.push(r.y);
      state = r.state;
      expect(linearStateBytes(state)).toBe(2 * 4 * 5 * 8);
    }
    expectClose(concat(ys, 1), whole, 1e-12);
  });

  it('gradients of its parameters', () => {
    const layer = new LinearAttentionLayer(4, 2, { dtype: 'float64', featureMap: 'elu1' });
    const x = randn([1, 3, 4], 2);
    checkParameterGrads(layer.parameters(), () => layer.forward(x).y);
  });
});
