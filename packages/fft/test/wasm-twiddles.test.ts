import { describe, expect, it } from 'vitest';
import {
  firstPassTwiddleSize,
  firstPassTwiddles,
  radix4TwiddleSize,
  radix4Twiddles,
  realSplitTwiddleSize,
  realSplitTwiddles,
} from '../src/wasm-twiddles';

/** exp(-2πi·k/N) from Math.cos / Math.sin directly (the tables are within an ulp or two of it). */
const root = (k: number, N: number) => [Math.cos((-2 * Math.PI * k) / N), Math.sin((-2 * Math.PI * k) / N)];
const close = (a: number, b: number) => Math.abs(a - b) < 1e-15;

describe('wasm twiddle tables', () => {
  it('radix-4 pass: ω^p, ω^2p, ω^3p per p', () => {
    const L = 64;
    const t = new Float64Array(radix4TwiddleSize(L));
    radix4Twiddles(L, t);
    for (let p = 0; p < L / 4; p++) {
      for (let j = 1; j <= 3; j++) {
        const [c, s] = root(j * p, L);
        expect(
          close(t[6 * p + 2 * (j - 1)], c) && close(t[6 * p + 2 * (j - 1) + 1], s),
          `p ${p} j ${j}`,
        ).toBe(true);
      }
    }
  });

  it('first pass: lanes p, p + 1 of each ω^{jp}, real parts then imaginary parts', () => {
    for (const r of [2, 4]) {
      for (const n of [r, 4 * r, 64]) {
        const t = new Float64Array(firstPassTwiddleSize(r, n));
        firstPassTwiddles(r, n, t);
        let o = 0;
        for (let q = 0; q < Math.ceil(n / r / 2); q++) {
          for (let j = 1; j < r; j++) {
            for (const lane of [0, 1]) {
              const [c, s] = root(j * (2 * q + lane), n);
              expect(close(t[o + lane], c) && close(t[o + 2 + lane], s), `r ${r} n ${n}`).toBe(true);
            }
            o += 4;
          }
        }
        expect(o).toBe(t.length);
      }
    }
  });

  it('real split: ω^k / 2 for k = 1, 2, ..., lanes paired', () => {
    for (const n of [4, 8, 64]) {
      const t = new Float64Array(realSplitTwiddleSize(n));
      realSplitTwiddles(n, t);
      expect(t.length).toBe(4 * Math.floor((n / 2 + 2) / 4));
      for (let q = 0; q < t.length / 4; q++) {
        for (const lane of [0, 1]) {
          const [c, s] = root(2 * q + 1 + lane, n);
          expect(close(t[4 * q + lane], c / 2) && close(t[4 * q + 2 + lane], s / 2)).toBe(true);
        }
      }
    }
  });
});
