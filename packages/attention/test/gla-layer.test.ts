import { concat, slice, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { GatedLinearAttention, type GlaLayerState } from '../src/index';
import { checkParameterGrads, expectClose, randn } from './helpers';

describe('GatedLinearAttention layer', () => {
  it('has fla’s parameter names', () => {
    const gla = new GatedLinearAttention(8, { numHeads: 2, convSize: 4 });
    expect(Object.keys(gla.stateDict()).sort()).toEqual(
      [
        'q_proj.weight',
        'k_proj.weight',
        'v_proj.weight',
        'g_proj.weight',
        'gk_proj.0.weight',
        'gk_proj.1.weight',
        'gk_proj.1.bias',
        'o_proj.weight',
        'g_norm_swish_gate.weight',
        'q_conv1d.weight',
        'k_conv1d.weight',
        'v_conv1d.weight',
      ].sort(),
    );
  });

  it('token by token with its state equals the whole sequence (with and without short convolutions)', () => {
    for (const convSize of [0, 3]) {
      const gla = new GatedLinearAttention(8, { numHeads: 2, convSize, dtype: 'float64', chunkSize: 3 });
      const x = randn([2, 7, 8], convSize + 1);
      const whole = gla.forward(x).y;
      let state: GlaLayerState | undefined;
      const ys: Tensor[] = [];
      for (let t = 0; t < 7; t++) {
        const r = gla.forward(slice(x, 1, t, t + 1), state);
        ys.push(r.y);
        state = r.state;
      }
      expectClose(concat(ys, 1), whole, 1e-12);
      expect(state!.S.shape).toEqual([2, 2, 2, 4]);
    }
  });

  it('gradients of all parameters', () => {
    const gla = new GatedLinearAttention(4, {
      numHeads: 1,
      convSize: 2,
      gateLowRankDim: 2,
      dtype: 'float64',
      chunkSize: 2,
    });
    const x = randn([1, 3, 4], 5);
    checkParameterGrads([...gla.parameters(), x.requiresGrad_()], () => gla.forward(x).y);
  });
});
