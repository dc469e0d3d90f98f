// Twiddle tables of the wasm passes, in the layouts the kernels read (see each kernel's header).
// ω_L = exp(-2πi/L); values from unitRoot, so as accurate and symmetric as the JS passes' tables.
import { unitRoot } from './unit-roots';

/**
 * Strided pass of radix r over sub-transforms of length L (m = L/r; wasm-kernel-pass.ts): per p,
 * ω^{jp} for j = 1..r-1 as (re, im).
 */
export function passTwiddles(r: number, L: number, out: Float64Array): void {
  const w = new Float64Array(2);
  const m = L / r;
  for (let p = 0; p < m; p++) {
    for (let j = 1; j < r; j++) {
      const at = 2 * ((r - 1) * p + j - 1);
      unitRoot(-j * p, L, w);
      out[at] = w[0];
      out[at + 1] = w[1];
    }
  }
}

/** Doubles in the table of passTwiddles(r, L). */
export const passTwiddleSize = (r: number, L: number) => (2 * (r - 1) * L) / r;

/** Radix-4 pass over sub-transforms of length L (m = L/4): per p, ω^p, ω^2p, ω^3p as (re, im). */
export const radix4Twiddles = (L: number, out: Float64Array) => passTwiddles(4, L, out);

/** Doubles in the table of radix4Twiddles(L). */
export const radix4TwiddleSize = (L: number) => passTwiddleSize(4, L);

/**
 * First pass of radix r on n = r·m points: per pair of butterflies (p, p + 1), for j = 1..r-1,
 * Re ω^{jp}, Re ω^{j(p+1)}, Im ω^{jp}, Im ω^{j(p+1)} with ω = ω_n. For m = 1 the second lane
 * is a dummy butterfly (its output lands in padding); its twiddles are computed all the same.
 */
export function firstPassTwiddles(r: number, n: number, out: Float64Array): void {
  const w = new Float64Array(2);
  const pairs = firstPassPairs(r, n);
  let o = 0;
  for (let q = 0; q < pairs; q++) {
    for (let j = 1; j < r; j++) {
      for (const p of [2 * q, 2 * q + 1]) {
        unitRoot(-j * p, n, w);
        out[o + p - 2 * q] = w[0];
        out[o + 2 + p - 2 * q] = w[1];
      }
      o += 4;
    }
  }
}

/** Butterfly pairs of a first pass of radix r on n points: ceil(m / 2). */
export const firstPassPairs = (r: number, n: number) => Math.ceil(n / r / 2);

/** Doubles in the table of firstPassTwiddles(r, n). */
export const firstPassTwiddleSize = (r: number, n: number) => 4 * (r - 1) * firstPassPairs(r, n);

/**
 * The real FFT's split and merge of length n = 2h (wasm-kernel-real-split.ts): per pair k0, k0 + 1
 * (k0 = 1, 3, 5, ...), Re t_{k0}, Re t_{k0+1}, Im t_{k0}, Im t_{k0+1} with t_k = ω_n^k / 2.
 */
export function realSplitTwiddles(n: number, out: Float64Array): void {
  const w = new Float64Array(2);
  const pairs = realSplitPairs(n);
  for (let q = 0; q < pairs; q++) {
    for (let lane = 0; lane < 2; lane++) {
      unitRoot(-(2 * q + 1 + lane), n, w);
      out[4 * q + lane] = w[0] / 2;
      out[4 * q + 2 + lane] = w[1] / 2;
    }
  }
}

/** Pairs of bins the split kernel handles for n = 2h: ⌊(h + 2)/4⌋. */
export const realSplitPairs = (n: number) => Math.floor((n / 2 + 2) / 4);

/** Doubles in the table of realSplitTwiddles(n). */
export const realSplitTwiddleSize = (n: number) => 4 * realSplitPairs(n);
