// One radix-8 pass of the Stockham autosort FFT, interleaved data. Symbols as in stage-radix4.ts,
// plus W = exp(-2πi/8) = (1 - i)/√2. The 8-point DFT splits into two 4-point DFTs after one
// radix-2 step:
//   a_l = x_l + x_{l+4},  b_l = (x_l - x_{l+4})·W^l,  l = 0..3
//   X_{2k} = DFT4(a)_k,   X_{2k+1} = DFT4(b)_k
// where W, W² = -i and W³ = -(1 + i)/√2 cost only additions and two products each.
// A radix-8 pass does three bits of a power-of-two transform for about 1.3 times the cost of a
// radix-4 pass (two bits), so power-of-two plans start with one or two of them (factorize.ts).
// tw holds [re ω^{jp}, im ω^{jp}] for j = 1..7 per p.

const R = Math.SQRT1_2;

/** Radix-8 Stockham pass on interleaved data: x -> y, both n = 8·s·m complex points. */
export function radix8Pass(
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
  if (s === 1) {
    // First pass: the loop over q would run once; loop over p only.
    for (let p = 0; p < m; p = (p + 1) | 0) {
      const i0 = (xo + 2 * p) | 0;

      const x0r = x[i0];
      const x0i = x[(i0 + 1) | 0];
      const x1r = x[(i0 + 1 * d) | 0];
      const x1i = x[(i0 + 1 * d + 1) | 0];
      const x2r = x[(i0 + 2 * d) | 0];
      const x2i = x[(i0 + 2 * d + 1) | 0];
      const x3r = x[(i0 + 3 * d) | 0];
      const x3i = x[(i0 + 3 * d + 1) | 0];
      const x4r = x[(i0 + 4 * d) | 0];
      const x4i = x[(i0 + 4 * d + 1) | 0];
      const x5r = x[(i0 + 5 * d) | 0];
      const x5i = x[(i0 + 5 * d + 1) | 0];
      const x6r = x[(i0 + 6 * d) | 0];
      const x6i = x[(i0 + 6 * d + 1) | 0];
      const x7r = x[(i0 + 7 * d) | 0];
      const x7i = x[(i0 + 7 * d + 1) | 0];
      // radix-2 step across distance 4; b_l = (x_l - x_{l+4})·W^l
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
      // 4-point DFTs of a (even outputs) and b (odd outputs)
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
      const o = (yo + 16 * p) | 0;
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
    return;
  }
  for (let p = 0; p < m; p = (p + 1) | 0) {
    const t = (14 * p) | 0;
    const w1r = tw[t];
    const w1i = tw[(t + 1) | 0];
    const w2r = tw[(t + 2) | 0];
    const w2i = tw[(t + 3) | 0];
    const w3r = tw[(t + 4) | 0];
    const w3i = tw[(t + 5) | 0];
    const w4r = tw[(t + 6) | 0];
    const w4i = tw[(t + 7) | 0];
    const w5r = tw[(t + 8) | 0];
    const w5i = tw[(t + 9) | 0];
    const w6r = tw[(t + 10) | 0];
    const w6i = tw[(t + 11) | 0];
    const w7r = tw[(t + 12) | 0];
    const w7i = tw[(t + 13) | 0];
    const ib = (xo + s2 * p) | 0;
    const ie = (ib + s2) | 0;
    let o0 = (yo + 8 * s2 * p) | 0;
    for (let i0 = ib; i0 < ie; i0 = (i0 + 2) | 0) {
      const x0r = x[i0];
      const x0i = x[(i0 + 1) | 0];
      const x1r = x[(i0 + 1 * d) | 0];
      const x1i = x[(i0 + 1 * d + 1) | 0];
      const x2r = x[(i0 + 2 * d) | 0];
      const x2i = x[(i0 + 2 * d + 1) | 0];
      const x3r = x[(i0 + 3 * d) | 0];
      const x3i = x[(i0 + 3 * d + 1) | 0];
      const x4r = x[(i0 + 4 * d) | 0];
      const x4i = x[(i0 + 4 * d + 1) | 0];
      const x5r = x[(i0 + 5 * d) | 0];
      const x5i = x[(i0 + 5 * d + 1) | 0];
      const x6r = x[(i0 + 6 * d) | 0];
      const x6i = x[(i0 + 6 * d + 1) | 0];
      const x7r = x[(i0 + 7 * d) | 0];
      const x7i = x[(i0 + 7 * d + 1) | 0];
      // radix-2 step across distance 4; b_l = (x_l - x_{l+4})·W^l
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
      // 4-point DFTs of a (even outputs) and b (odd outputs)
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
      y[o0] = at0r + at2r;
      y[(o0 + 1) | 0] = at0i + at2i;
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
      y[(o0 + 1 * s2) | 0] = v1r * w1r - v1i * w1i;
      y[(o0 + 1 * s2 + 1) | 0] = v1r * w1i + v1i * w1r;
      y[(o0 + 2 * s2) | 0] = v2r * w2r - v2i * w2i;
      y[(o0 + 2 * s2 + 1) | 0] = v2r * w2i + v2i * w2r;
      y[(o0 + 3 * s2) | 0] = v3r * w3r - v3i * w3i;
      y[(o0 + 3 * s2 + 1) | 0] = v3r * w3i + v3i * w3r;
      y[(o0 + 4 * s2) | 0] = v4r * w4r - v4i * w4i;
      y[(o0 + 4 * s2 + 1) | 0] = v4r * w4i + v4i * w4r;
      y[(o0 + 5 * s2) | 0] = v5r * w5r - v5i * w5i;
      y[(o0 + 5 * s2 + 1) | 0] = v5r * w5i + v5i * w5r;
      y[(o0 + 6 * s2) | 0] = v6r * w6r - v6i * w6i;
      y[(o0 + 6 * s2 + 1) | 0] = v6r * w6i + v6i * w6r;
      y[(o0 + 7 * s2) | 0] = v7r * w7r - v7i * w7i;
      y[(o0 + 7 * s2 + 1) | 0] = v7r * w7i + v7i * w7r;
      o0 = (o0 + 2) | 0;
    }
  }
}
