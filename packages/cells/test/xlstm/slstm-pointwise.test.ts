import { assertGradcheck, fromArray, zeros } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { slstmPointwise } from '../../src/xlstm/slstm-pointwise';
import { slstmZeroState } from '../../src/xlstm/slstm-state';
import { allFinite, randn } from './random-inputs';

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

describe('slstmPointwise', () => {
  it('computes the stabilised update of a state with history', () => {
    // H = 1: raw = [ĩ, f̃, z̃, õ].
    const raw = fromArray([0.7, 1.2, -0.4, 0.3], [1, 4], { dtype: 'float64' });
    const state = {
      y: zeros([1, 1], { dtype: 'float64' }),
      c: fromArray([0.5], [1, 1], { dtype: 'float64' }),
      n: fromArray([2], [1, 1], { dtype: 'float64' }),
      m: fromArray([0.9], [1, 1], { dtype: 'float64' }),
    };
    const next = slstmPointwise(raw, state);
    const logf = Math.log(sigma(1.2));
    const m = Math.max(logf + 0.9, 0.7);
    const i = Math.exp(0.7 - m);
    const f = Math.exp(logf + 0.9 - m);
    const c = f * 0.5 + i * Math.tanh(-0.4);
    const n = f * 2 + i;
    expect(next.m.item()).toBeCloseTo(m, 14);
    expect(next.c.item()).toBeCloseTo(c, 14);
    expect(next.n.item()).toBeCloseTo(n, 14);
    expect(next.y.item()).toBeCloseTo((sigma(0.3) * c) / n, 14);
  });
  it('takes m = ĩ where n = 0 (no history), element by element', () => {
    const raw = fromArray([3, -2, 0.5, 0.1, -1, 4, 0, 0, 0.2, 0.3, 0.4, 0.5], [1, 12], {
      dtype: 'float64',
    }).reshape(1, 12);
    const H = 3;
    const state = {
      y: zeros([1, H], { dtype: 'float64' }),
      c: fromArray([0, 0.3, 0], [1, H], { dtype: 'float64' }),
      n: fromArray([0, 1.5, 0], [1, H], { dtype: 'float64' }),
      m: fromArray([7, 0.2, -5], [1, H], { dtype: 'float64' }),
    };
    const next = slstmPointwise(raw, state);
    expect(next.m.get(0, 0)).toBe(3); // fresh: m = ĩ whatever m was
    expect(next.m.get(0, 2)).toBe(0.5);
    expect(next.m.get(0, 1)).toBeCloseTo(Math.max(Math.log(sigma(-1)) + 0.2, -2), 14); // with history: the max
    expect(next.n.get(0, 0)).toBe(1); // i' = 1, f' = 0
  });
  it('first step from the zero state: no overflow in float32 even for ĩ = −200', () => {
    const raw = fromArray([-200, 300, 1, 1], [1, 4], { dtype: 'float32' });
    const next = slstmPointwise(raw, slstmZeroState(1, 1, 'float32'));
    for (const t of [next.y, next.c, next.n, next.m]) expect(allFinite(t)).toBe(true);
    expect(next.n.item()).toBe(1);
    expect(next.y.item()).toBeCloseTo(sigma(1) * Math.tanh(1), 6);
  });
  it('the exp forget gate uses log f = f̃', () => {
    const raw = fromArray([0.1, -0.5, 0.2, 0.3], [1, 4], { dtype: 'float64' });
    const state = {
      y: zeros([1, 1], { dtype: 'float64' }),
      c: fromArray([1], [1, 1], { dtype: 'float64' }),
      n: fromArray([1], [1, 1], { dtype: 'float64' }),
      m: fromArray([0], [1, 1], { dtype: 'float64' }),
    };
    expect(slstmPointwise(raw, state, 'exp').m.item()).toBe(Math.max(-0.5, 0.1));
    expect(slstmPointwise(raw, state, 'sigmoid').m.item()).toBe(0.1);
  });
  it('gradients in the pre-activations and a state with history', () => {
    const n = randn([2, 3], 3).abs().add(0.5);
    assertGradcheck(
      (raw, y, c, nn, m) => {
        const s = slstmPointwise(raw, { y: y!, c: c!, n: nn!, m: m! });
        return [s.y, s.c, s.n, s.m];
      },
      [randn([2, 12], 1), randn([2, 3], 2), randn([2, 3], 4), n, randn([2, 3], 5)],
    );
  });
});
