import { assertGradcheck, matmul, ShapeError, transpose } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headwiseRecurrentToFull } from '../../src/xlstm/slstm-recurrent-weight';
import { slstm, slstmScan, slstmStep } from '../../src/xlstm/slstm-sequence';
import { slstmZeroState } from '../../src/xlstm/slstm-state';
import { paperSlstm } from './paper-formulas';
import { allFinite, expectClose, randn } from './random-inputs';

function weights(I: number, H: number, seed: number, scale = 0.5) {
  return {
    W: randn([4 * H, I], seed, 'float64', scale),
    R: randn([4 * H, H], seed + 1, 'float64', scale),
    b: randn([4 * H], seed + 2, 'float64', scale),
  };
}

describe('slstm', () => {
  it('equals the paper’s unstabilised recurrence; c and n are the paper’s scaled by e^{−m}', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (B, S, I, H, seed) => {
          const x = randn([B, S, I], seed);
          const { W, R, b } = weights(I, H, seed + 10);
          const { y, state } = slstm(x, W, R, b);
          const paper = paperSlstm(x, W, R, b);
          expect(y.shape).toEqual([B, S, H]);
          expectClose(y, paper.y, 1e-10, 1e-13);
          const m = state.m.toArray();
          expectClose(
            state.c,
            paper.c.map((c, i) => c * Math.exp(-m[i]!)),
            1e-10,
            1e-13,
          );
          expectClose(
            state.n,
            paper.n.map((n, i) => n * Math.exp(-m[i]!)),
            1e-10,
            1e-13,
          );
        },
      ),
      { numRuns: 25 },
    );
  });
  it('with the exponential forget gate too', () => {
    const x = randn([2, 6, 3], 1);
    const { W, R, b } = weights(3, 2, 2, 0.3);
    expectClose(slstm(x, W, R, b, { forgetGate: 'exp' }).y, paperSlstm(x, W, R, b, 'exp').y, 1e-10, 1e-13);
  });
  it('step by step equals the scan, and the scan continues from any state', () => {
    const x = randn([2, 7, 3], 3);
    const { W, R, b } = weights(3, 4, 4);
    const wx = matmul(x, transpose(W));
    const whole = slstmScan(wx, R, b);
    let state = slstmZeroState(2, 4, 'float64');
    for (let t = 0; t < 7; t++) {
      const [y, next] = slstmStep(wx.select(1, t), R, b, state);
      expectClose(y, whole.y.select(1, t), 1e-15, 1e-15);
      state = next;
    }
    expectClose(state.c, whole.state.c, 1e-15, 1e-15);
    const first = slstmScan(wx.slice(1, 0, 3), R, b);
    const rest = slstmScan(wx.slice(1, 3), R, b, { state: first.state });
    expectClose(rest.y, whole.y.slice(1, 3), 1e-15, 1e-15);
    expectClose(rest.state.m, whole.state.m, 1e-15, 1e-15);
  });
  it('block-diagonal heads: a headwise R equals its full block-diagonal matrix', () => {
    const x = randn([2, 5, 3], 5);
    const { W, b } = weights(3, 6, 6);
    const Rh = randn([3, 2, 4, 2], 7, 'float64', 0.5);
    const a = slstm(x, W, Rh, b);
    const c = slstm(x, W, headwiseRecurrentToFull(Rh), b);
    expectClose(a.y, c.y, 1e-14, 1e-15);
    expectClose(a.state.n, c.state.n, 1e-14, 1e-15);
  });
  it('stays finite in float32 over 300 steps with pre-activations in the hundreds', () => {
    const x = randn([2, 300, 3], 8);
    const W = randn([16, 3], 9, 'float64', 40); // raw gates of ±150
    const R = randn([16, 4], 10, 'float64', 10);
    const b = randn([16], 11, 'float64', 20);
    const r64 = slstm(x, W, R, b);
    const r32 = slstm(x.to('float32'), W.to('float32'), R.to('float32'), b.to('float32'));
    for (const t of [r32.y, r32.state.c, r32.state.n, r32.state.m]) expect(allFinite(t)).toBe(true);
    expect(allFinite(r64.y)).toBe(true);
    expectClose(r32.y.to('float64'), r64.y, 1e-4, 1e-4);
  });
  it('backpropagates through time into x, W, R (full and headwise), b and the initial state', () => {
    const x = randn([2, 4, 2], 12);
    const { W, R, b } = weights(2, 2, 13);
    const s0 = {
      y: randn([2, 2], 14),
      c: randn([2, 2], 15),
      n: randn([2, 2], 16).abs().add(1),
      m: randn([2, 2], 17),
    };
    assertGradcheck(
      (x_, W_, R_, b_, y, c, n, m) => {
        const r = slstm(x_, W_, R_, b_, { state: { y: y!, c: c!, n: n!, m: m! } });
        return [r.y, r.state.c, r.state.n, r.state.m];
      },
      [x, W, R, b, s0.y, s0.c, s0.n, s0.m],
    );
    assertGradcheck(
      (x_, W_, R_, b_) => slstm(x_, W_, R_, b_).y,
      [x, W, randn([1, 2, 4, 2], 18, 'float64', 0.5), b],
    );
  });
  it('checks shapes, naming the op', () => {
    const x = randn([1, 3, 2], 1);
    const { W, R, b } = weights(2, 2, 2);
    expect(() => slstm(x, W.slice(1, 0, 1), R, b)).toThrow(/slstm: W must be \[8, 2\], got \[8, 1\]/);
    expect(() => slstm(x, W, R, b.slice(0, 0, 7))).toThrow(/slstm: b must be \[4H\]/);
    expect(() => slstm(x.reshape(3, 2), W, R, b)).toThrow(ShapeError);
    expect(() => slstmStep(randn([1, 8], 1), R, b, slstmZeroState(2, 2, 'float64'))).toThrow(
      /slstmStep: state.y must be \[1, 2\], got \[2, 2\]/,
    );
    expect(() => slstmScan(randn([1, 0, 8], 1), R, b)).toThrow(/S = 0/);
  });
});
