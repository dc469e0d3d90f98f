// The first and last Stockham passes of the power-of-two path, fused with the change of layout:
// the public API holds split real/imaginary arrays, the passes in between work on interleaved
// buffers (see stage-radix4.ts for why). Reading split input in the first pass and writing split
// output in the last one saves the two extra sweeps a separate conversion would cost.
// Symbols as in stage-radix4.ts.

const R = Math.SQRT1_2;

/** First radix-4 pass (s = 1): split x[xo ..) -> interleaved y, n = 4m complex points. */
export function radix4FirstFromSplit(
  m: number,
  tw: Float64Array,
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  y: Float64Array,
): void {
  for (let p = 0; p < m; p = (p + 1) | 0) {
    const i0 = (xo + p) | 0;
    const i1 = (i0 + m) | 0;
    const i2 = (i1 + m) | 0;
    const i3 = (i2 + m) | 0;
    const ar = xr[i0];
    const ai = xi[i0];
    const br = xr[i1];
    const bi = xi[i1];
    const cr = xr[i2];
    const ci = xi[i2];
    const dr = xr[i3];
    const di = xi[i3];
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
    const o = (8 * p) | 0;
    y[o] = t0r + t2r;
    y[(o + 1) | 0] = t0i + t2i;
    y[(o + 2) | 0] = u1r * w1r - u1i * w1i;
    y[(o + 3) | 0] = u1r * w1i + u1i * w1r;
    y[(o + 4) | 0] = u2r * w2r - u2i * w2i;
    y[(o + 5) | 0] = u2r * w2i + u2i * w2r;
    y[(o + 6) | 0] = u3r * w3r - u3i * w3i;
    y[(o + 7) | 0] = u3r * w3i + u3i * w3r;
  }
}

/** First radix-8 pass (s = 1): split x[xo ..) -> interleaved y, n = 8m complex points. */
export function radix8FirstFromSplit(
  m: number,
  tw: Float64Array,
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  y: Float64Array,
): void {
  for (let p = 0; p < m; p = (p + 1) | 0) {
    const i0 = (xo + p) | 0;
    const x0r = xr[i0];
    const x0i = xi[i0];
    const x1r = xr[(i0 + 1 * m) | 0];
    const x1i = xi[(i0 + 1 * m) | 0];
    const x2r = xr[(i0 + 2 * m) | 0];
    const x2i = xi[(i0 + 2 * m) | 0];
    const x3r = xr[(i0 + 3 * m) | 0];
    const x3i = xi[(i0 + 3 * m) | 0];
    const x4r = xr[(i0 + 4 * m) | 0];
    const x4i = xi[(i0 + 4 * m) | 0];
    const x5r = xr[(i0 + 5 * m) | 0];
    const x5i = xi[(i0 + 5 * m) | 0];
    const x6r = xr[(i0 + 6 * m) | 0];
    const x6i = xi[(i0 + 6 * m) | 0];
    const x7r = xr[(i0 + 7 * m) | 0];
    const x7i = xi[(i0 + 7 * m) | 0];
    // the 8-point DFT as in stage-radix8.ts
    const a0r = x0r + x4r;
    const a0i = x0i + x4i;
    const b0r = x0r - x4r;
    const b0i = x0i - x4i;
    const a1r = x1r + x5r;
    const a1i = x1i + x5i;
    const e1r = x1r - x5r;
    const e1i = x1i - x5i;
    const a2r = x2r + x6r;
    const a2i = x2i + x6i;
    const b2r = x2i - x6i;
    const b2i = x6r - x2r;
    const a3r = x3r + x7r;
    const a3i = x3i + x7i;
    const e3r = x3r - x7r;
    const e3i = x3i - x7i;
    const b1r = R * (e1r + e1i);
    const b1i = R * (e1i - e1r);
    const b3r = R * (e3i - e3r);
    const b3i = -R * (e3r + e3i);
    const at0r = a0r + a2r;
    const at0i = a0i + a2i;
    const at1r = a0r - a2r;
    const at1i = a0i - a2i;
    const at2r = a1r + a3r;
    const at2i = a1i + a3i;
    const at3r = a1i - a3i;
    const at3i = a3r - a1r;
    const bt0r = b0r + b2r;
    const bt0i = b0i + b2i;
    const bt1r = b0r - b2r;
    const bt1i = b0i - b2i;
    const bt2r = b1r + b3r;
    const bt2i = b1i + b3i;
    const bt3r = b1i - b3i;
    const bt3i = b3r - b1r;
    const t = (14 * p) | 0;
    const o = (16 * p) | 0;
    y[o] = at0r + at2r;
    y[(o + 1) | 0] = at0i + at2i;
    const v1r = bt0r + bt2r;
    const v1i = bt0i + bt2i;
    const v2r = at1r + at3r;
    const v2i = at1i + at3i;
    const v3r = bt1r + bt3r;
    const v3i = bt1i + bt3i;
    const v4r = at0r - at2r;
    const v4i = at0i - at2i;
    const v5r = bt0r - bt2r;
    const v5i = bt0i - bt2i;
    const v6r = at1r - at3r;
    const v6i = at1i - at3i;
    const v7r = bt1r - bt3r;
    const v7i = bt1i - bt3i;
    y[(o + 2) | 0] = v1r * tw[t] - v1i * tw[(t + 1) | 0];
    y[(o + 2 + 1) | 0] = v1r * tw[(t + 1) | 0] + v1i * tw[t];
    y[(o + 4) | 0] = v2r * tw[(t + 2) | 0] - v2i * tw[(t + 3) | 0];
    y[(o + 4 + 1) | 0] = v2r * tw[(t + 3) | 0] + v2i * tw[(t + 2) | 0];
    y[(o + 6) | 0] = v3r * tw[(t + 4) | 0] - v3i * tw[(t + 5) | 0];
    y[(o + 6 + 1) | 0] = v3r * tw[(t + 5) | 0] + v3i * tw[(t + 4) | 0];
    y[(o + 8) | 0] = v4r * tw[(t + 6) | 0] - v4i * tw[(t + 7) | 0];
    y[(o + 8 + 1) | 0] = v4r * tw[(t + 7) | 0] + v4i * tw[(t + 6) | 0];
    y[(o + 10) | 0] = v5r * tw[(t + 8) | 0] - v5i * tw[(t + 9) | 0];
    y[(o + 10 + 1) | 0] = v5r * tw[(t + 9) | 0] + v5i * tw[(t + 8) | 0];
    y[(o + 12) | 0] = v6r * tw[(t + 10) | 0] - v6i * tw[(t + 11) | 0];
    y[(o + 12 + 1) | 0] = v6r * tw[(t + 11) | 0] + v6i * tw[(t + 10) | 0];
    y[(o + 14) | 0] = v7r * tw[(t + 12) | 0] - v7i * tw[(t + 13) | 0];
    y[(o + 14 + 1) | 0] = v7r * tw[(t + 13) | 0] + v7i * tw[(t + 12) | 0];
  }
}

/** Last radix-4 pass (m = 1, every twiddle 1): interleaved x -> split y[yo ..), n = 4s points. */
export function radix4LastToSplit(
  s: number,
  x: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
): void {
  const d = (2 * s) | 0;
  for (let q = 0; q < s; q = (q + 1) | 0) {
    const i0 = (2 * q) | 0;
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
    const o0 = (yo + q) | 0;
    const o1 = (o0 + s) | 0;
    const o2 = (o1 + s) | 0;
    const o3 = (o2 + s) | 0;
    yr[o0] = t0r + t2r;
    yi[o0] = t0i + t2i;
    yr[o1] = t1r + t3r;
    yi[o1] = t1i + t3i;
    yr[o2] = t0r - t2r;
    yi[o2] = t0i - t2i;
    yr[o3] = t1r - t3r;
    yi[o3] = t1i - t3i;
  }
}
