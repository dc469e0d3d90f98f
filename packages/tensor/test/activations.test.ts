import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertGradcheck,
  elu,
  erf,
  gelu,
  logSigmoid,
  relu,
  sigmoid,
  silu,
  softplus,
  tanh,
  tensor,
} from '../src/index';
import { arr, randn } from './helpers';

describe('activations', () => {
  it('erf matches tabulated values to 1e-15', () => {
    const table: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.99, 0.995111413199617],
      [2, 0.9953222650189527],
      [2.5, 0.999593047982555],
      [-1, -0.8427007929497149],
    ];
    for (const [x, v] of table) expect(Math.abs(erf(x) - v)).toBeLessThan(1e-15);
  });
  it('are stable at extreme inputs', () => {
    const big = tensor([-1000, -50, 0, 50, 1000], { dtype: 'float64' });
    const s = arr(sigmoid(big));
    [0, 1 / (1 + Math.exp(50)), 0.5, 1 / (1 + Math.exp(-50)), 1].forEach((v, i) =>
      expect(Math.abs(s[i]! - v)).toBeLessThanOrEqual(1e-15 * v),
    );
    const sp = arr(softplus(big));
    expect(sp[0]).toBe(0);
    expect(sp[4]).toBe(1000);
    expect(sp[2]).toBeCloseTo(Math.LN2, 15);
    expect(arr(tanh(big))).toEqual([-1, -1, 0, 1, 1]);
  });
  it('match their definitions', () => {
    const x = tensor([-2, -0.5, 0.3, 1.7], { dtype: 'float64' });
    const xs = arr(x);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 14));
    close(
      arr(relu(x)),
      xs.map((v) => Math.max(v, 0)),
    );
    close(
      arr(silu(x)),
      xs.map((v) => v / (1 + Math.exp(-v))),
    );
    close(
      arr(elu(x, 0.7)),
      xs.map((v) => (v > 0 ? v : 0.7 * (Math.exp(v) - 1))),
    );
    close(
      arr(gelu(x)),
      xs.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
    );
    close(
      arr(softplus(x, 2)),
      xs.map((v) => Math.log(1 + Math.exp(2 * v)) / 2),
    );
    // torch.nn.functional.gelu(x=1.7) and its tanh approximation
    expect(gelu(tensor([1.7], { dtype: 'float64' })).item()).toBeCloseTo(1.6242387133104768, 12);
    expect(gelu(tensor([1.7], { dtype: 'float64' }), 'tanh').item()).toBeCloseTo(1.624105895551156, 12);
  });
  it('gradients', () => {
    const x = randn([2, 5], 9);
    for (const f of [sigmoid, tanh, silu]) assertGradcheck(f, [x]);
    assertGradcheck((t) => gelu(t), [x]);
    assertGradcheck((t) => gelu(t, 'tanh'), [x]);
    assertGradcheck((t) => softplus(t, 1.5), [x]);
    assertGradcheck((t) => elu(t, 0.5), [x]);
    assertGradcheck(relu, [x.add(0.01)]);
  });
  it('logSigmoid is exact in both tails and finite at ±1000', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const got = logSigmoid(tensor([x], { dtype: 'float64' })).item();
        const want = x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-15 * (1 + Math.abs(want)));
      }),
    );
    const got = arr(logSigmoid(tensor([-25, 25, -1000, 1000], { dtype: 'float64' })));
    expect(got[1]).toBe(-Math.log1p(Math.exp(-25))); // a softplus threshold would give exactly 0
    expect(got[2]).toBe(-1000);
    expect(got[3]).toBe(-0);
    assertGradcheck(logSigmoid, [randn([7], 4)]);
  });
});
