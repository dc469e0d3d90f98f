// The helpers the WGSL generators share: unrolled loops and the activation functions' text.
import { describe, expect, it } from 'vitest';
import { softplus as softplusRef } from '../src/index';
import { POLY_EXP2, polyExp2F32, unroll, wgslActivations, wgslPolyExp2 } from '../src/wgsl-functions';

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

  it('polyExp2F32 (the WGSL exp2p, step by step in float32) is within 2e-7 of 2^x', () => {
    // random and structured points over the range that keeps normal results, in float32
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const xs: number[] = [0, -0.5, 0.5, -1, 1, -0.25, 0.75, -1e-9, 1e-9, -126, -124.99, 127, 127.99];
    for (let i = 0; i < 20000; i++) xs.push(-125 + 252.9 * next());
    for (let i = 0; i < 20000; i++) xs.push(-4 * next());
    // half-integers and their neighbours: the round-to-even edges of the range reduction
    for (let n = -124; n <= 126; n++)
      xs.push(n + 0.5, Math.fround(n + 0.5 - 2 ** -10), Math.fround(n + 0.5 + 2 ** -10));
    let worst = 0;
    for (const x0 of xs) {
      const x = Math.fround(x0);
      const y = polyExp2F32(x);
      const rel = Math.abs(y / 2 ** x - 1);
      if (rel > worst) worst = rel;
    }
    expect(worst).toBeLessThan(2e-7);
    expect(worst).toBeGreaterThan(1e-8); // the polynomial is evaluated, not Math.pow
    expect(polyExp2F32(0)).toBe(1);
    expect(polyExp2F32(-3)).toBe(0.125);
    expect(polyExp2F32(10)).toBe(1024);
  });

  it('polyExp2F32 goes to +0 for very negative x and to +∞ at 128, never NaN', () => {
    for (const x of [-Infinity, -1e30, -1000, -200, -128, -127.5, -127]) expect(polyExp2F32(x)).toBe(0);
    // between −127 and −125: tiny (a denormal a GPU flushes), non-negative, finite
    for (let x = -127; x <= -125; x += 1 / 64) {
      const y = polyExp2F32(x);
      expect(Number.isFinite(y)).toBe(true);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(2 ** -124);
    }
    for (const x of [128, 200, 1e30, Infinity]) expect(polyExp2F32(x)).toBe(Infinity);
    expect(Number.isFinite(polyExp2F32(127.9))).toBe(true);
  });

  it('emits exp2p with the tested coefficients, fused multiply-adds and the exponent add', () => {
    const src = wgslPolyExp2('exp2pv', 'vec4<f32>', 'vec4<u32>');
    expect(src).toContain('fn exp2pv(x: vec4<f32>) -> vec4<f32>');
    for (const c of POLY_EXP2.slice(1)) expect(src).toContain(String(c));
    expect(src.split('fma(').length - 1).toBe(5);
    expect(src).toContain('clamp(x, vec4<f32>(-127.0), vec4<f32>(128.0))');
    expect(src).toContain('let tb = bitcast<vec4<u32>>(t) ^ vec4<u32>(exp2pKey);');
    expect(src).toContain('tb << vec4<u32>(23u)');
    expect(wgslPolyExp2('exp2p', 'f32', 'u32')).toContain('bitcast<f32>(bitcast<u32>(p) + (tb << u32(23u)))');
  });

  it('poly activations: the same functions, their exps through exp2p', () => {
    const src = wgslActivations(true);
    for (const f of ['exp2p', 'softplus', 'sigmoid', 'silu']) expect(src).toContain(`fn ${f}(x: f32) -> f32`);
    expect(src).not.toMatch(/[^2p]exp\(/);
    expect(src).toContain('let e = exp2p((-abs(x)) * 1.4426950408889634);');
    expect(wgslActivations()).not.toContain('exp2p');
  });
});
