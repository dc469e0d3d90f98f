import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RealFFTPlan } from '../src/real-plan';
import { WasmRealKernel } from '../src/wasm-real-kernel';
import { naiveDft, randomSignal, relError } from './helpers/reference';

const kernel = (n: number) => {
  const k = WasmRealKernel.create(n);
  if (k === null) throw new Error(`no wasm kernel for n = ${n}`);
  return k;
};

describe('WasmRealKernel', () => {
  it('exists for n = 2h with h = 2^a·3^b·5^c, a >= 1, only', () => {
    expect(WasmRealKernel.create(2)).toBeNull();
    expect(WasmRealKernel.create(30)).toBeNull(); // h = 15 is odd
    expect(WasmRealKernel.create(28)).toBeNull(); // h = 14 has a factor 7
    expect(WasmRealKernel.create(4)).not.toBeNull();
    expect(WasmRealKernel.create(24)).not.toBeNull();
  });

  it('matches the naive DFT for smooth half lengths (h/2 odd and even), forward and inverse', () => {
    for (const n of [12, 20, 24, 36, 40, 60, 100, 120, 180, 200, 360, 1000, 2000, 6000]) {
      const h = n / 2;
      const x = randomSignal(n, n);
      const [xr, xi] = [new Float64Array(h + 1), new Float64Array(h + 1)];
      const k = kernel(n);
      k.forward(x, 0, xr, xi, 0);
      const [er, ei] = naiveDft(x, new Float64Array(n));
      expect(relError(xr, er.subarray(0, h + 1), xi, ei.subarray(0, h + 1)), `n = ${n}`).toBeLessThan(1e-14);
      expect(xi[0]).toBe(0);
      expect(xi[h]).toBe(0);
      const back = new Float64Array(n);
      k.inverse(xr, xi, 0, h + 1, back, 0);
      expect(relError(back, x), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('matches the naive DFT for n = 2^2 .. 2^10 and the JS real FFT up to 2^16, forward and inverse', () => {
    for (let e = 2; e <= 16; e++) {
      const n = 2 ** e;
      const h = n / 2;
      const x = randomSignal(n, e);
      const [xr, xi] = [new Float64Array(h + 1), new Float64Array(h + 1)];
      const k = kernel(n);
      k.forward(x, 0, xr, xi, 0);
      const js = new RealFFTPlan(n, { backend: 'js' });
      const [jr, ji] = [new Float64Array(h + 1), new Float64Array(h + 1)];
      js.forward(x, jr, ji);
      if (e <= 10) {
        const [er, ei] = naiveDft(x, new Float64Array(n));
        expect(relError(xr, er.subarray(0, h + 1), xi, ei.subarray(0, h + 1)), `n = ${n}`).toBeLessThan(
          1e-14,
        );
      }
      expect(relError(xr, jr, xi, ji), `n = ${n}`).toBeLessThan(1e-14);
      expect(xi[0]).toBe(0);
      expect(xi[h]).toBe(0);
      const back = new Float64Array(n);
      const jback = new Float64Array(n);
      k.inverse(xr, xi, 0, h + 1, back, 0);
      js.inverse(jr, ji, jback);
      expect(relError(back, x), `n = ${n}`).toBeLessThan(1e-14);
      expect(relError(back, jback), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('ignores Im X_0 and Im X_h and zero-pads missing bins, like numpy.fft.irfft', () => {
    const n = 64;
    const h = n / 2;
    const re = randomSignal(h + 1, 1);
    const im = randomSignal(h + 1, 2);
    const out = new Float64Array(n);
    const ref = new Float64Array(n);
    kernel(n).inverse(re, im, 0, h + 1, out, 0);
    new RealFFTPlan(n, { backend: 'js' }).inverse(re, im, ref);
    expect(relError(out, ref)).toBeLessThan(1e-14);
    // 5 bins only: the rest are zero
    const short = new Float64Array(n);
    kernel(n).inverse(re, im, 0, 5, short, 0);
    const [pr, pi] = [new Float64Array(h + 1), new Float64Array(h + 1)];
    pr.set(re.subarray(0, 5));
    pi.set(im.subarray(0, 5));
    new RealFFTPlan(n, { backend: 'js' }).inverse(pr, pi, ref);
    expect(relError(short, ref)).toBeLessThan(1e-14);
  });

  it('transforms rows at offsets (batched) and float32 through float64', () => {
    for (const n of [256, 120, 1000]) transformsRows(n);
  });

  function transformsRows(n: number): void {
    const bins = n / 2 + 1;
    const rows = 3;
    const x = randomSignal(rows * n, 5);
    const [re, im] = [new Float64Array(rows * bins), new Float64Array(rows * bins)];
    const k = kernel(n);
    for (let r = 0; r < rows; r++) k.forward(x, r * n, re, im, r * bins);
    const js = new RealFFTPlan(n, { backend: 'js' });
    for (let r = 0; r < rows; r++) {
      const [jr, ji] = [new Float64Array(bins), new Float64Array(bins)];
      js.forward(x.slice(r * n, (r + 1) * n), jr, ji);
      const row = (v: Float64Array) => v.subarray(r * bins, (r + 1) * bins);
      expect(relError(row(re), jr, row(im), ji), `row ${r}`).toBeLessThan(1e-14);
    }
    const back = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++) k.inverse(re, im, r * bins, bins, back, r * n);
    expect(relError(back, x)).toBeLessThan(1e-14);
    const x32 = Float32Array.from(x.subarray(0, n));
    const [r32, i32] = [new Float32Array(bins), new Float32Array(bins)];
    k.forward(x32, 0, r32, i32, 0);
    const back32 = new Float32Array(n);
    k.inverse(r32, i32, 0, bins, back32, 0);
    expect(relError(back32, x32), `n = ${n}`).toBeLessThan(1e-6);
  }

  it('inverts: irfft(rfft(x)) = x (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 15 }), fc.integer(), (e, seed) => {
        const n = 2 ** e;
        const x = randomSignal(n, seed);
        const [re, im] = [new Float64Array(n / 2 + 1), new Float64Array(n / 2 + 1)];
        const k = kernel(n);
        k.forward(x, 0, re, im, 0);
        const back = new Float64Array(n);
        k.inverse(re, im, 0, n / 2 + 1, back, 0);
        expect(relError(back, x)).toBeLessThan(1e-14);
      }),
      { numRuns: 40 },
    );
  });

  it('inverts for random smooth lengths n = 4·2^a·3^b·5^c (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer(),
        (a, b, c, seed) => {
          const n = 4 * 2 ** a * 3 ** b * 5 ** c;
          const x = randomSignal(n, seed);
          const [re, im] = [new Float64Array(n / 2 + 1), new Float64Array(n / 2 + 1)];
          const k = kernel(n);
          k.forward(x, 0, re, im, 0);
          const back = new Float64Array(n);
          k.inverse(re, im, 0, n / 2 + 1, back, 0);
          expect(relError(back, x), `n = ${n}`).toBeLessThan(1e-14);
        },
      ),
      { numRuns: 40 },
    );
  });
});
