import { assertGradcheck, matmul, ShapeError, transpose, ValueError, zeros } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { HeadwiseLinear } from '../../src/xlstm/headwise-linear';
import { expectClose, randn } from './random-inputs';

describe('HeadwiseLinear', () => {
  it('equals a dense map with a block-diagonal matrix', () => {
    const lin = new HeadwiseLinear(6, 3, { outFeatures: 9, bias: true, dtype: 'float64' });
    lin.loadStateDict({ weight: randn([3, 3, 2], 1), bias: randn([9], 2) });
    expect(lin.weight.shape).toEqual([3, 3, 2]);
    const dense = zeros([9, 6], { dtype: 'float64' });
    for (let h = 0; h < 3; h++)
      for (let o = 0; o < 3; o++)
        for (let d = 0; d < 2; d++) dense.data[(h * 3 + o) * 6 + h * 2 + d] = lin.weight.get(h, o, d);
    const x = randn([2, 5, 6], 3);
    expectClose(lin.forward(x), matmul(x, transpose(dense)).add(lin.param('bias')), 1e-14, 1e-15);
  });
  it('starts with the reference’s small init N(0, 2/(5·d_in)) and no bias by default', () => {
    const lin = new HeadwiseLinear(64, 4);
    expect(Object.keys(lin.stateDict())).toEqual(['weight']);
    const w = lin.weight.toArray();
    const variance = Array.from(w).reduce((a, v) => a + v * v, 0) / w.length;
    expect(variance).toBeGreaterThan(0.8 * (2 / 5 / 16));
    expect(variance).toBeLessThan(1.2 * (2 / 5 / 16));
  });
  it('gradients', () => {
    const lin = new HeadwiseLinear(4, 2, { dtype: 'float64' });
    assertGradcheck((x) => lin.forward(x), [randn([3, 4], 4)]);
  });
  it('checks its configuration and input', () => {
    expect(() => new HeadwiseLinear(6, 4)).toThrow(ValueError);
    expect(() => new HeadwiseLinear(6, 3, { outFeatures: 4 })).toThrow(/numHeads 3 must divide/);
    expect(() => new HeadwiseLinear(6, 3).forward(randn([1, 4], 1, 'float32'))).toThrow(ShapeError);
  });
});
