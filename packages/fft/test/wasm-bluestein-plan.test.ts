import { describe, expect, it } from 'vitest';
import { fastLength, wasmFastLength } from '../src/algorithm-choice';
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

  it('matches the naive DFT with smooth convolution lengths (factors 3 and 5) from the cost model', () => {
    for (const n of [7, 13, 97, 101, 331, 1009, 2003]) {
      const m = wasmFastLength(2 * n - 2);
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan(n, m).forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}, M = ${m}`).toBeLessThan(1e-14);
    }
    // M = 3·2^k, 5·2^k and 2n - 2 exactly (12289: M = 24576)
    for (const [n, m] of [
      [1031, 2560],
      [1031, 3072],
      [12289, 24576],
    ]) {
      const re = randomSignal(n, 3);
      const im = randomSignal(n, 4);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan(n, m).forward(re, im, 0, yr, yi, 0);
      const js = new BluesteinPlan(n, fastLength(2 * n - 2));
      const [jr, ji] = [new Float64Array(n), new Float64Array(n)];
      js.forward(re, im, 0, jr, ji, 0);
      expect(relError(yr, jr, yi, ji), `n = ${n}, M = ${m}`).toBeLessThan(1e-13);
    }
  });

  it('refills the shared table slot when plans alternate, and rejects M < 2n - 2', () => {
    const a = plan(101, 256);
    const b = plan(257, 640);
    const xa = [randomSignal(101, 1), randomSignal(101, 2)];
    const xb = [randomSignal(257, 3), randomSignal(257, 4)];
    const [ea, eb] = [naiveDft(xa[0], xa[1]), naiveDft(xb[0], xb[1])];
    for (let round = 0; round < 3; round++) {
      for (const [p, x, e] of [
        [a, xa, ea],
        [b, xb, eb],
      ] as const) {
        const n = p.n;
        const [yr, yi] = [new Float64Array(n), new Float64Array(n)];
        p.forward(x[0], x[1], 0, yr, yi, 0);
        expect(relError(yr, e[0], yi, e[1]), `n = ${n}, round ${round}`).toBeLessThan(1e-14);
      }
    }
    expect(WasmBluesteinPlan.create(101, 198)).toBeNull();
    expect(WasmBluesteinPlan.create(101, 201)).toBeNull(); // odd: not covered by the wasm passes
  });
});
