import { assertGradcheck, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  headwiseRecurrentToFull,
  recurrentGates,
  recurrentWeightLayout,
} from '../../src/xlstm/slstm-recurrent-weight';
import { expectClose, randn } from './random-inputs';

describe('sLSTM recurrent weights', () => {
  it('a headwise R acts as the block-diagonal full matrix', () => {
    const [NH, DH, B] = [3, 2, 4];
    const H = NH * DH;
    const R = randn([NH, DH, 4, DH], 1);
    const y = randn([B, H], 2);
    const full = headwiseRecurrentToFull(R);
    expect(full.shape).toEqual([4 * H, H]);
    expectClose(recurrentGates(y, R), recurrentGates(y, full), 1e-14, 1e-15);
    // Off-block entries are zero: gate g of head 0 never reads head 1.
    for (let g = 0; g < 4; g++)
      for (let o = 0; o < DH; o++) for (let j = DH; j < H; j++) expect(full.get(g * H + o, j)).toBe(0);
    // And one entry by hand: head 1, input unit 0, gate z (2), output unit 1.
    expect(full.get(2 * H + 1 * DH + 1, 1 * DH + 0)).toBe(R.get(1, 0, 2, 1));
  });
  it('the full form is R y', () => {
    const R = randn([8, 2], 3);
    const y = randn([1, 2], 4);
    const got = recurrentGates(y, R);
    for (let r = 0; r < 8; r++)
      expect(got.get(0, r)).toBeCloseTo(R.get(r, 0) * y.get(0, 0) + R.get(r, 1) * y.get(0, 1), 14);
  });
  it('gradients for both layouts', () => {
    assertGradcheck((y, R) => recurrentGates(y, R), [randn([2, 4], 5), randn([2, 2, 4, 2], 6)]);
    assertGradcheck((y, R) => recurrentGates(y, R), [randn([2, 3], 7), randn([12, 3], 8)]);
  });
  it('refuses a weight of neither layout', () => {
    expect(recurrentWeightLayout('op', randn([8, 2], 1), 2)).toBe('full');
    expect(recurrentWeightLayout('op', randn([2, 1, 4, 1], 1), 2)).toBe('headwise');
    expect(() => recurrentGates(randn([1, 2], 1), randn([8, 3], 1))).toThrow(ShapeError);
    expect(() => recurrentGates(randn([1, 4], 1), randn([2, 2, 3, 2], 1))).toThrow(
      /recurrentGates: R must be \[16, 4\] \(full\) or \[NH, DH, 4, DH\]/,
    );
    expect(() => headwiseRecurrentToFull(randn([8, 2], 1))).toThrow(ShapeError);
  });
});
