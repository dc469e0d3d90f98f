// The helpers the WGSL generators share: unrolled loops and the activation functions' text.
import { describe, expect, it } from 'vitest';
import { softplus as softplusRef } from '../src/index';
import { unroll, wgslActivations } from '../src/wgsl-functions';

describe('wgsl functions', () => {
  it('unroll emits the body once per index, in order, joined by newlines', () => {
    expect(unroll(3, (k) => `x_${k}`)).toBe('x_0\nx_1\nx_2');
    expect(unroll(0, (k) => `x_${k}`)).toBe('');
  });

  it('defines softplus, sigmoid and silu over f32', () => {
    const src = wgslActivations();
    for (const f of ['softplus', 'sigmoid', 'silu']) expect(src).toContain(`fn ${f}(x: f32) -> f32`);
    // torch's threshold: x itself above 20
    expect(src).toContain('x > 20.0');
  });

  it("softplus's formula (evaluated here in float64) matches the reference's", () => {
    // max(x, 0) + log1p(e^−|x|), the form the WGSL text evaluates, and x above 20
    const wgslForm = (x: number) => (x > 20 ? x : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
    for (const x of [-90, -30, -5, -1e-3, 0, 1e-3, 2, 19.9, 20.1, 50]) {
      expect(wgslForm(x)).toBeCloseTo(softplusRef(x), 12);
    }
  });
});
