// One radix-3 pass of the Stockham autosort FFT, interleaved data. Symbols as in stage-radix4.ts,
// plus h = sin(2π/3) = √3/2. The 3-point DFT of (a, b, c):
//   X0 = a + (b + c),  X1 = a - (b + c)/2 - i·h(b - c),  X2 = a - (b + c)/2 + i·h(b - c)
// tw holds [re ω^p, im ω^p, re ω^{2p}, im ω^{2p}] per p.

const H = Math.sqrt(3) / 2;

/** Radix-3 Stockham pass on interleaved data: x -> y, both n = 3·s·m complex points. */
export function radix3Pass(
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
    const t = (4 * p) | 0;
    const w1r = tw[t];
    const w1i = tw[(t + 1) | 0];
    const w2r = tw[(t + 2) | 0];
    const w2i = tw[(t + 3) | 0];
    const ib = (xo + s2 * p) | 0;
    const ie = (ib + s2) | 0;
    let o0 = (yo + 3 * s2 * p) | 0;
    for (let i0 = ib; i0 < ie; i0 = (i0 + 2) | 0) {
      const i1 = (i0 + d) | 0;
      const i2 = (i1 + d) | 0;
      const ar = x[i0];
      const ai = x[(i0 + 1) | 0];
      const br = x[i1];
      const bi = x[(i1 + 1) | 0];
      const cr = x[i2];
      const ci = x[(i2 + 1) | 0];
      const sr = br + cr;
      const si = bi + ci;
      const mr = ar - 0.5 * sr;
      const mi = ai - 0.5 * si;
      // -i·h·(b - c)
      const dr = H * (bi - ci);
      const di = H * (cr - br);
      const u1r = mr + dr;
      const u1i = mi + di;
      const u2r = mr - dr;
      const u2i = mi - di;
      const o1 = (o0 + s2) | 0;
      const o2 = (o1 + s2) | 0;
      y[o0] = ar + sr;
      y[(o0 + 1) | 0] = ai + si;
      y[o1] = u1r * w1r - u1i * w1i;
      y[(o1 + 1) | 0] = u1r * w1i + u1i * w1r;
      y[o2] = u2r * w2r - u2i * w2i;
      y[(o2 + 1) | 0] = u2r * w2i + u2i * w2r;
      o0 = (o0 + 2) | 0;
    }
  }
}
