import { describe, expect, it } from 'vitest';
import { BluesteinPlan } from '../src/bluestein-plan';
import { WasmBluesteinPlan } from '../src/wasm-bluestein-plan';
import { dftBin, naiveDft, randomSignal, relError } from './helpers/reference';

const plan = (n: number, m: number) => {
  const p = WasmBluesteinPlan.create(n, m);
  if (p === null) throw new Error('no wasm SIMD');
  return p;
};

describe('WasmBluesteinPlan', () => {
  it('matches the naive DFT for primes and awkward lengths, M the next power of two >= 2n - 2', () => {
    for (const n of [2, 3, 5, 17, 37, 97, 101, 127, 251, 257, 509, 1009]) {
      let m = 2;
      while (m < 2 * n - 2) m *= 2;
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan(n, m).forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('agrees with the JS Bluestein plan at 65537 (M = 2n - 2 = 2^17) and works at offsets, in place', () => {
    const n = 65537;
    const rows = 2;
    const re = randomSignal(rows * n, 1);
    const im = randomSignal(rows * n, 2);
    const [br, bi] = [re.slice(), im.slice()];
    const p = plan(n, 131072);
    for (let r = 0; r < rows; r++) p.forward(br, bi, r * n, br, bi, r * n);
    const js = new BluesteinPlan(n, 131072);
    for (let r = 0; r < rows; r++) {
      const [jr, ji] = [new Float64Array(n), new Float64Array(n)];
      js.forward(re, im, r * n, jr, ji, 0);
      const row = (x: Float64Array) => x.subarray(r * n, (r + 1) * n);
      expect(relError(row(br), jr, row(bi), ji), `row ${r}`).toBeLessThan(1e-13);
    }
    // and a sampled bin against the definition
    const [er, ei] = dftBin(re.subarray(0, n), im.subarray(0, n), 12345);
    expect(Math.hypot(br[12345] - er, bi[12345] - ei) / Math.sqrt(n)).toBeLessThan(1e-12);
  });
});
