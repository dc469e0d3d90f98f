// Transforms of many rows stored back to back (the last axis of a row-major tensor), on float64
// arrays, through the shared plans' offset entry points: no per-row copies or checks.
//
// Glossary
//   rows     number of rows; row r of length len starts at r·len
//   m, n     a row's length before and after zero-padding or truncation (numpy's `n` argument)
//   bins     ⌊n/2⌋ + 1, the length of a real transform's output row
import { inverseUnscaled } from './dft-kernel';
import { getPlan, getRealPlan } from './plan-cache';

/**
 * Rows of length m -> rows of length n: the first min(m, n) values of each row, then zeros
 * (numpy.fft's padding and truncation). Returns `x` itself when m = n.
 */
export function resizeRows(x: Float64Array, rows: number, m: number, n: number): Float64Array {
  if (m === n) return x;
  const out = new Float64Array(rows * n);
  const keep = Math.min(m, n);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * m, r * m + keep), r * n);
  return out;
}

/**
 * Complex DFT of each row: `re, im: [rows·n] -> outRe, outIm: [rows·n]` (may be the inputs).
 * `inverse` gives numpy.fft.ifft (scaled by 1/n), otherwise numpy.fft.fft.
 */
export function fftRows(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  n: number,
  inverse: boolean,
  outRe: Float64Array,
  outIm: Float64Array,
): void {
  const kernel = getPlan(n).kernel;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    if (inverse) inverseUnscaled(kernel, re, im, o, outRe, outIm, o);
    else kernel.forward(re, im, o, outRe, outIm, o);
  }
  if (inverse) {
    const s = 1 / n;
    for (let k = 0; k < rows * n; k++) {
      outRe[k] *= s;
      outIm[k] *= s;
    }
  }
}

/** Real DFT of each row: `x: [rows·n] -> outRe, outIm: [rows·bins]` (numpy.fft.rfft). */
export function rfftRows(
  x: Float64Array,
  rows: number,
  n: number,
  outRe: Float64Array,
  outIm: Float64Array,
): void {
  const plan = getRealPlan(n);
  for (let r = 0; r < rows; r++) plan.forwardAt(x, r * n, outRe, outIm, r * plan.bins);
}

/**
 * Inverse real DFT of each row: `re, im: [rows·m] -> out: [rows·n]` from the first ⌊n/2⌋ + 1 of
 * the m bins of each row, zero-padded when m is smaller (numpy.fft.irfft(X, n)).
 */
export function irfftRows(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  m: number,
  n: number,
  out: Float64Array,
): void {
  const plan = getRealPlan(n);
  for (let r = 0; r < rows; r++) plan.inverseAt(re, im, r * m, m, out, r * n);
}
