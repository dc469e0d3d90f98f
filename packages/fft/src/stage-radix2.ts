// One radix-2 pass of the Stockham autosort FFT, interleaved data. Symbols as in stage-radix4.ts.
// Used once for power-of-two lengths with an odd exponent, and for the odd power of two of a
// mixed length.
//   y[q + s(2p)]   = x[q + sp] + x[q + s(p + m)]
//   y[q + s(2p+1)] = ω^p · (x[q + sp] - x[q + s(p + m)])
// tw holds [re ω^p, im ω^p] per p.

/** Radix-2 Stockham pass on interleaved data: x -> y, both n = 2·s·m complex points. */
export function radix2Pass(
  s: number,
  m: number,
  tw: Float64Array,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  const d = (2 * s * m) | 0;
  const s2 = (2 * s) | 0;
  for (let p = 0; p < m; p = (p + 1) | 0) {
    const wr = tw[(2 * p) | 0];
    const wi = tw[(2 * p + 1) | 0];
    const ib = (xo + s2 * p) | 0;
    const ie = (ib + s2) | 0;
    let o0 = (yo + 2 * s2 * p) | 0;
    for (let i0 = ib; i0 < ie; i0 = (i0 + 2) | 0) {
      const i1 = (i0 + d) | 0;
      const ar = x[i0];
      const ai = x[(i0 + 1) | 0];
      const br = x[i1];
      const bi = x[(i1 + 1) | 0];
      const dr = ar - br;
      const di = ai - bi;
      const o1 = (o0 + s2) | 0;
      y[o0] = ar + br;
      y[(o0 + 1) | 0] = ai + bi;
      y[o1] = dr * wr - di * wi;
      y[(o1 + 1) | 0] = dr * wi + di * wr;
      o0 = (o0 + 2) | 0;
    }
  }
}
