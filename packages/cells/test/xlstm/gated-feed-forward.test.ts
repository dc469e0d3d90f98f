import { assertGradcheck, gelu } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { GatedFeedForward } from '../../src/xlstm/gated-feed-forward';
import { expectClose, randn } from './random-inputs';

describe('GatedFeedForward', () => {
  it('is W_down (gelu(W_g x) ⊙ W_u x) with the reference’s names, width 4/3·D rounded up', () => {
    const ffn = new GatedFeedForward(6, { roundUpTo: 4, dtype: 'float64' });
    expect(ffn.innerDim).toBe(8);
    const sd = ffn.stateDict();
    expect(Object.keys(sd).sort()).toEqual(['proj_down.weight', 'proj_up.weight']);
    expect(sd['proj_up.weight']!.shape).toEqual([16, 6]);
    expect(sd['proj_down.weight']!.shape).toEqual([6, 8]);
    const x = randn([2, 3, 6], 1);
    const up = x.matmul(sd['proj_up.weight']!.T);
    const want = gelu(up.slice(-1, 0, 8))
      .mul(up.slice(-1, 8))
      .matmul(sd['proj_down.weight']!.T);
    expectClose(ffn.forward(x), want, 1e-14, 1e-15);
    expect(new GatedFeedForward(96).innerDim).toBe(128);
    expect(new GatedFeedForward(100).innerDim).toBe(192);
  });
  it('gradients', () => {
    const ffn = new GatedFeedForward(3, { roundUpTo: 1, dtype: 'float64' });
    assertGradcheck((x) => ffn.forward(x), [randn([2, 3], 2)]);
  });
});
