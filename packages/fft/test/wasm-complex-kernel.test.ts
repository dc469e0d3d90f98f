import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passRadices } from '../src/factorize';
import { StockhamPlan } from '../src/stockham-plan';
import { WasmComplexKernel } from '../src/wasm-complex-kernel';
import { naiveDft, randomSignal, relError } from './helpers/reference';

const kernel = (n: number) => {
  const k = WasmComplexKernel.create(n);
  if (k === null) throw new Error(`no wasm kernel for n = ${n}`);
  return k;
};

describe('WasmComplexKernel', () => {
  it('exists for n = 2^a·3^b·5^c with a >= 1 only', () => {
    expect(WasmComplexKernel.create(1)).toBeNull();
    expect(WasmComplexKernel.create(15)).toBeNull();
    expect(WasmComplexKernel.create(14)).toBeNull();
    expect(WasmComplexKernel.create(2)).not.toBeNull();
    expect(WasmComplexKernel.create(12)).not.toBeNull();
    expect(WasmComplexKernel.create(1000)).not.toBeNull();
  });

  it('matches the naive DFT for lengths with factors 3 and 5 (radix-2/4 first passes, every odd m)', () => {
    for (const n of [6, 10, 12, 18, 20, 30, 36, 50, 60, 90, 96, 150, 160, 250, 270, 486, 500, 750, 1000]) {
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 100);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      kernel(n).forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('matches the JS Stockham passes for larger smooth lengths', () => {
    for (const n of [3000, 6000, 20480, 24576, 48000, 100000]) {
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      kernel(n).forward(re, im, 0, yr, yi, 0);
      const js = new StockhamPlan(n, passRadices(n));
      const jr = new Float64Array(n);
      const ji = new Float64Array(n);
      js.forward(re, im, 0, jr, ji, 0);
      expect(relError(yr, jr, yi, ji), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('matches the naive DFT for n = 2^1 .. 2^10 (odd and even log2: radix-2 and radix-4 first passes)', () => {
    for (let e = 1; e <= 10; e++) {
      const n = 2 ** e;
      const re = randomSignal(n, e);
      const im = randomSignal(n, e + 100);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      kernel(n).forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('matches the JS Stockham passes for n = 2^11 .. 2^16', () => {
    for (let e = 11; e <= 16; e++) {
      const n = 2 ** e;
      const re = randomSignal(n, e);
      const im = randomSignal(n, e + 100);
      const [yr, yi, jr, ji] = [0, 1, 2, 3].map(() => new Float64Array(n));
      kernel(n).forward(re, im, 0, yr, yi, 0);
      new StockhamPlan(n, passRadices(n)).forward(re, im, 0, jr, ji, 0);
      expect(relError(yr, jr, yi, ji), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('transforms rows at offsets (batched) in place, scaled, and float32 through float64', () => {
    for (const n of [32, 128, 2048, 60, 1000]) {
      const rows = 3;
      const re = randomSignal(rows * n, n);
      const im = randomSignal(rows * n, n + 1);
      const [br, bi] = [re.slice(), im.slice()];
      const k = kernel(n);
      for (let r = 0; r < rows; r++) k.transform(br, bi, r * n, br, bi, r * n, 0.5);
      for (let r = 0; r < rows; r++) {
        const row = (x: Float64Array) => x.slice(r * n, (r + 1) * n);
        const [er, ei] = naiveDft(row(re), row(im));
        expect(
          relError(
            row(br),
            er.map((v) => v / 2),
            row(bi),
            ei.map((v) => v / 2),
          ),
          `n ${n} row ${r}`,
        ).toBeLessThan(1e-14);
      }
      const r32 = Float32Array.from(re.subarray(0, n));
      const i32 = Float32Array.from(im.subarray(0, n));
      const [o32r, o32i] = [new Float32Array(n), new Float32Array(n)];
      k.transform(r32, i32, 0, o32r, o32i, 0, 1);
      const [er, ei] = naiveDft(Float64Array.from(r32), Float64Array.from(i32));
      expect(relError(o32r, er, o32i, ei)).toBeLessThan(1e-7);
    }
  });

  it('keeps working after a larger kernel replaces the work area and grows the memory', () => {
    const small = kernel(64);
    const re = randomSignal(64, 1);
    const im = randomSignal(64, 2);
    const before = [new Float64Array(64), new Float64Array(64)];
    small.forward(re, im, 0, before[0], before[1], 0);
    kernel(1 << 18); // needs a larger work area than any test so far
    const after = [new Float64Array(64), new Float64Array(64)];
    small.forward(re, im, 0, after[0], after[1], 0);
    expect(after).toEqual(before);
  });

  it('inverts through the swap identity: swap(DFT(swap(DFT(x)))) = n·x (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 14 }), fc.integer(), (e, seed) => {
        const n = 2 ** e;
        const re = randomSignal(n, seed);
        const im = randomSignal(n, seed ^ 0x3333);
        const [yr, yi] = [new Float64Array(n), new Float64Array(n)];
        const k = kernel(n);
        k.forward(re, im, 0, yr, yi, 0);
        k.transform(yi, yr, 0, yi, yr, 0, 1 / n);
        expect(relError(yr, re, yi, im)).toBeLessThan(1e-14);
      }),
      { numRuns: 40 },
    );
  });
});
