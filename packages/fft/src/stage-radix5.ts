// One radix-5 pass of the Stockham autosort FFT, interleaved data. Symbols as in stage-radix4.ts,
// plus c1 = cos(2π/5), c2 = cos(4π/5), s1 = sin(2π/5), s2 = sin(4π/5).
// The 5-point DFT of (a, b, c, d, e), pairing the inputs that share a cosine:
//   X1, X4 = a + c1(b + e) + c2(c + d) ∓ i[s1(b - e) + s2(c - d)]
//   X2, X3 = a + c2(b + e) + c1(c + d) ∓ i[s2(b - e) - s1(c - d)]
// tw holds [re ω^{jp}, im ω^{jp}] for j = 1..4 per p.

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

/** Radix-5 Stockham pass on interleaved data: x -> y, both n = 5·s·m complex points. */
export function radix5Pass(
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
    const t = (8 * p) | 0;
    const w1r = tw[t];
    const w1i = tw[(t + 1) | 0];
    const w2r = tw[(t + 2) | 0];
    const w2i = tw[(t + 3) | 0];
    const w3r = tw[(t + 4) | 0];
    const w3i = tw[(t + 5) | 0];
    const w4r = tw[(t + 6) | 0];
    const w4i = tw[(t + 7) | 0];
    const ib = (xo + s2 * p) | 0;
    const ie = (ib + s2) | 0;
    let o0 = (yo + 5 * s2 * p) | 0;
    for (let i0 = ib; i0 < ie; i0 = (i0 + 2) | 0) {
      const i1 = (i0 + d) | 0;
      const i2 = (i1 + d) | 0;
      const i3 = (i2 + d) | 0;
      const i4 = (i3 + d) | 0;
      const ar = x[i0];
      const ai = x[(i0 + 1) | 0];
      const br = x[i1];
      const bi = x[(i1 + 1) | 0];
      const er = x[i4];
      const ei = x[(i4 + 1) | 0];
      const cr = x[i2];
      const ci = x[(i2 + 1) | 0];
      const dr = x[i3];
      const di = x[(i3 + 1) | 0];
      const p1r = br + er;
      const p1i = bi + ei;
      const m1r = br - er;
      const m1i = bi - ei;
      const p2r = cr + dr;
      const p2i = ci + di;
      const m2r = cr - dr;
      const m2i = ci - di;
      const c1r = ar + C1 * p1r + C2 * p2r;
      const c1i = ai + C1 * p1i + C2 * p2i;
      const c2r = ar + C2 * p1r + C1 * p2r;
      const c2i = ai + C2 * p1i + C1 * p2i;
      // -i·v for v = s1·m1 + s2·m2 and v = s2·m1 - s1·m2: (re, im) -> (im, -re)
      const d1r = S1 * m1i + S2 * m2i;
      const d1i = -(S1 * m1r + S2 * m2r);
      const d2r = S2 * m1i - S1 * m2i;
      const d2i = -(S2 * m1r - S1 * m2r);
      const u1r = c1r + d1r;
      const u1i = c1i + d1i;
      const u4r = c1r - d1r;
      const u4i = c1i - d1i;
      const u2r = c2r + d2r;
      const u2i = c2i + d2i;
      const u3r = c2r - d2r;
      const u3i = c2i - d2i;
      const o1 = (o0 + s2) | 0;
      const o2 = (o1 + s2) | 0;
      const o3 = (o2 + s2) | 0;
      const o4 = (o3 + s2) | 0;
      y[o0] = ar + p1r + p2r;
      y[(o0 + 1) | 0] = ai + p1i + p2i;
      y[o1] = u1r * w1r - u1i * w1i;
      y[(o1 + 1) | 0] = u1r * w1i + u1i * w1r;
      y[o2] = u2r * w2r - u2i * w2i;
      y[(o2 + 1) | 0] = u2r * w2i + u2i * w2r;
      y[o3] = u3r * w3r - u3i * w3i;
      y[(o3 + 1) | 0] = u3r * w3i + u3i * w3r;
      y[o4] = u4r * w4r - u4i * w4i;
      y[(o4 + 1) | 0] = u4r * w4i + u4i * w4r;
      o0 = (o0 + 2) | 0;
    }
  }
}
