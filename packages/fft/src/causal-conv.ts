// Causal linear convolution by FFT, and its two adjoints (correlations), on rows of float64 data.
//
// Glossary
//   u        input signal rows of length L
//   k        kernel rows; only its first taps = min(Lk, L) values can reach an output
//   y        y[t] = Σ_{s<=t} k[s]·u[t-s], t < L (numpy.convolve(u, k)[:L])
//   N        transform length, even and >= L + taps - 1, so the cyclic convolution of length N equals
//            the linear one on t < L (no wrap-around); picked by the cost model (fast-length.ts)
//   U, K, G  real spectra (N/2 + 1 bins) of u, k and of the output gradient g
// y = irfft(U ⊙ K)[:L]. The gradients of a loss through y are correlations, also by FFT:
//   ∂u[j] = Σ_t g[t]·k[t-j] = irfft(G ⊙ conj K)[j],  ∂k[s] = Σ_t g[t]·u[t-s] = irfft(G ⊙ conj U)[s]
// (the padding to N >= L + taps - 1 again keeps wrapped terms out). Rows of u and k pair up by
// broadcasting over the leading axes; gradients of rows that were broadcast are summed, in the
// frequency domain, before one inverse transform per row.
import type { RowPairs } from './broadcast-rows';
import { nextFastRealLength } from './fast-length';
import { getRealPlan } from './plan-cache';

/** Spectra of the rows of u and k, kept for the backward pass. */
export interface ConvSpectra {
  L: number;
  taps: number;
  N: number;
  bins: number;
  /** [uRows·bins] each */
  ur: Float64Array;
  ui: Float64Array;
  /** [kRows·bins] each */
  kr: Float64Array;
  ki: Float64Array;
}

/** The padded transform length for signals of length L and `taps` kernel taps. */
export function convLength(L: number, taps: number): number {
  return nextFastRealLength(L + taps - 1);
}

/** Real spectra of `rows` rows: the first `keep` of every `len` values, zero-padded to N. */
function spectra(
  x: Float64Array,
  rows: number,
  len: number,
  keep: number,
  N: number,
): [Float64Array, Float64Array] {
  const plan = getRealPlan(N);
  const bins = plan.bins;
  const re = new Float64Array(rows * bins);
  const im = new Float64Array(rows * bins);
  const padded = new Float64Array(N);
  for (let r = 0; r < rows; r++) {
    padded.set(x.subarray(r * len, r * len + keep));
    plan.forwardAt(padded, 0, re, im, r * bins);
  }
  return [re, im];
}

/**
 * Forward pass: `u: [uRows·L], k: [kRows·Lk] -> y: [pairs·L]` for the row pairs of `pairs`.
 * Returns y and the spectra the backward pass needs.
 */
export function causalConvRows(
  u: Float64Array,
  uRows: number,
  L: number,
  k: Float64Array,
  kRows: number,
  Lk: number,
  pairs: RowPairs,
): { y: Float64Array; spec: ConvSpectra } {
  const taps = Math.min(Lk, L);
  const N = convLength(L, taps);
  const plan = getRealPlan(N);
  const bins = plan.bins;
  const [ur, ui] = spectra(u, uRows, L, L, N);
  const [kr, ki] = spectra(k, kRows, Lk, taps, N);
  const count = pairs.aRow.length;
  const y = new Float64Array(count * L);
  const pr = new Float64Array(bins);
  const pi = new Float64Array(bins);
  const full = new Float64Array(N);
  for (let b = 0; b < count; b++) {
    const a = pairs.aRow[b] * bins;
    const c = pairs.bRow[b] * bins;
    for (let j = 0; j < bins; j++) {
      const xr = ur[a + j];
      const xi = ui[a + j];
      const wr = kr[c + j];
      const wi = ki[c + j];
      pr[j] = xr * wr - xi * wi;
      pi[j] = xr * wi + xi * wr;
    }
    plan.inverseAt(pr, pi, 0, bins, full, 0);
    y.set(full.subarray(0, L), b * L);
  }
  return { y, spec: { L, taps, N, bins, ur, ui, kr, ki } };
}

/**
 * Backward pass: from g: [pairs·L] (the gradient of the loss w.r.t. y), the gradient with respect
 * to u ([uRows·L]) and to k ([kRows·Lk], zero past the taps), each only when asked for.
 */
export function causalConvBackwardRows(
  g: Float64Array,
  spec: ConvSpectra,
  pairs: RowPairs,
  uRows: number,
  kRows: number,
  Lk: number,
  wantU: boolean,
  wantK: boolean,
): { du: Float64Array | null; dk: Float64Array | null } {
  const { L, taps, N, bins, ur, ui, kr, ki } = spec;
  const count = pairs.aRow.length;
  const [gr, gi] = spectra(g, count, L, L, N);
  // Accumulate G ⊙ conj(K) per u row and G ⊙ conj(U) per k row, then invert once per row.
  const aur = wantU ? new Float64Array(uRows * bins) : null;
  const aui = wantU ? new Float64Array(uRows * bins) : null;
  const akr = wantK ? new Float64Array(kRows * bins) : null;
  const aki = wantK ? new Float64Array(kRows * bins) : null;
  for (let b = 0; b < count; b++) {
    const o = b * bins;
    const a = pairs.aRow[b] * bins;
    const c = pairs.bRow[b] * bins;
    for (let j = 0; j < bins; j++) {
      const xr = gr[o + j];
      const xi = gi[o + j];
      if (aur !== null && aui !== null) {
        const wr = kr[c + j];
        const wi = ki[c + j];
        aur[a + j] += xr * wr + xi * wi;
        aui[a + j] += xi * wr - xr * wi;
      }
      if (akr !== null && aki !== null) {
        const wr = ur[a + j];
        const wi = ui[a + j];
        akr[c + j] += xr * wr + xi * wi;
        aki[c + j] += xi * wr - xr * wi;
      }
    }
  }
  const plan = getRealPlan(N);
  const full = new Float64Array(N);
  const invert = (re: Float64Array, im: Float64Array, rows: number, len: number, keep: number) => {
    const out = new Float64Array(rows * len);
    for (let r = 0; r < rows; r++) {
      plan.inverseAt(re, im, r * bins, bins, full, 0);
      out.set(full.subarray(0, keep), r * len);
    }
    return out;
  };
  return {
    du: aur !== null && aui !== null ? invert(aur, aui, uRows, L, L) : null,
    dk: akr !== null && aki !== null ? invert(akr, aki, kRows, Lk, taps) : null,
  };
}
