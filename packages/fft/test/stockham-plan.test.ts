import { describe, expect, it } from 'vitest';
import { passRadices } from '../src/factorize';
import { StockhamPlan } from '../src/stockham-plan';
import { naiveDft, randomSignal, relError } from './helpers/reference';

function run(plan: StockhamPlan, re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const yr = new Float64Array(re.length);
  const yi = new Float64Array(re.length);
  plan.forward(re, im, 0, yr, yi, 0);
  return [yr, yi];
}

describe('StockhamPlan', () => {
  it('matches the naive DFT for every smooth length up to 128 and n = 1', () => {
    for (let n = 1; n <= 128; n++) {
      const radices = passRadices(n);
      if (radices.some((r) => r > 13)) continue;
      const re = randomSignal(n, n);
      const im = randomSignal(n, 2 * n);
      const [yr, yi] = run(new StockhamPlan(n, radices), re, im);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('uses the fused power-of-two path only for radix-8/4 plans ending in radix 4', () => {
    expect(new StockhamPlan(1024, passRadices(1024)).fused).toBe(true);
    expect(new StockhamPlan(8, [8]).fused).toBe(false);
    expect(new StockhamPlan(1000, passRadices(1000)).fused).toBe(false);
    expect(new StockhamPlan(64, [4, 4, 4]).fused).toBe(true);
  });

  it('gives the same result fused and through the generic interleaved path', () => {
    const n = 512;
    const re = randomSignal(n, 1);
    const im = randomSignal(n, 2);
    const fused = new StockhamPlan(n, [8, 4, 4, 4]);
    const generic = new StockhamPlan(n, [4, 4, 4, 8]); // last pass radix 8: not fused
    expect(fused.fused && !generic.fused).toBe(true);
    const [ar, ai] = run(fused, re, im);
    const [br, bi] = run(generic, re, im);
    expect(relError(ar, br, ai, bi)).toBeLessThan(1e-15);
  });

  it('runs in place and with offsets, fused or not', () => {
    for (const n of [256, 360]) {
      const plan = new StockhamPlan(n, passRadices(n));
      const re = randomSignal(n, 3);
      const im = randomSignal(n, 4);
      const [er, ei] = run(plan, re, im);
      const br = new Float64Array(n + 7);
      const bi = new Float64Array(n + 7);
      br.set(re, 7);
      bi.set(im, 7);
      plan.forward(br, bi, 7, br, bi, 7);
      expect(br.subarray(7)).toEqual(er);
      expect(bi.subarray(7)).toEqual(ei);
      // overlapping but shifted ranges: the input is read completely first
      const cr = new Float64Array(n + 7);
      const ci = new Float64Array(n + 7);
      cr.set(re, 7);
      ci.set(im, 7);
      plan.forward(cr, ci, 7, cr, ci, 0);
      expect(cr.subarray(0, n)).toEqual(er);
    }
  });

  it('headInterleaved + the last pass reproduces forward (the real FFT entry)', () => {
    const n = 256;
    const plan = new StockhamPlan(n, passRadices(n));
    const re = randomSignal(n, 5);
    const im = randomSignal(n, 6);
    const x = new Float64Array(2 * n + 2);
    for (let j = 0; j < n; j++) {
      x[2 + 2 * j] = re[j];
      x[3 + 2 * j] = im[j];
    }
    const buf = plan.headInterleaved(x, 2);
    const s = plan.lastStride;
    expect(s).toBe(n / 4);
    // finish with a plain 4-point DFT of x[q + s·l]
    const [er, ei] = run(plan, re, im);
    for (let q = 0; q < s; q++) {
      const a = [0, 1, 2, 3].map((l) => [buf[2 * (q + s * l)], buf[2 * (q + s * l) + 1]]);
      const z0r = a[0][0] + a[1][0] + a[2][0] + a[3][0];
      expect(z0r).toBeCloseTo(er[q], 12);
      const z2i = a[0][1] - a[1][1] + a[2][1] - a[3][1];
      expect(z2i).toBeCloseTo(ei[q + 2 * s], 12);
    }
  });

  it('forwardInterleaved transforms what was written into input', () => {
    const n = 60;
    const plan = new StockhamPlan(n, passRadices(n));
    const re = randomSignal(n, 7);
    const im = randomSignal(n, 8);
    for (let j = 0; j < n; j++) {
      plan.input[2 * j] = re[j];
      plan.input[2 * j + 1] = im[j];
    }
    const out = plan.forwardInterleaved();
    const [er, ei] = naiveDft(re, im);
    expect(
      relError(
        out.filter((_, i) => i % 2 === 0),
        er,
        out.filter((_, i) => i % 2 === 1),
        ei,
      ),
    ).toBeLessThan(1e-14);
  });
});
