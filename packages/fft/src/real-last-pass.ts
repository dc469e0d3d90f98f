// The last radix-4 pass of the half-length complex transform, fused with the split that turns it
// into the spectrum of a real signal (see real-plan.ts for the algebra).
//
// Glossary
//   n        real length; h = n/2 complex points; s = h/4, the stride of the last pass
//   Z_k      the half-length DFT; the last pass's butterfly q yields Z_{q+s·j}, j = 0..3
//   pairing  the split combines Z_k with Z_{h-k}; h - (q + s·j) = (s - q) + s·(3 - j), so
//            butterflies q and s - q together produce both members of four pairs
//   ω^k      exp(-2πi·k/n); rtw holds [ω^q, ω^{q+s}, ω^{q+2s}, ω^{q+3s}] interleaved per q
//   X_k      the output bins 0..h, split arrays
// For a pair (k, a = h - k):
//   E = (Z_k + conj Z_a)/2,  O = (Z_k - conj Z_a)/(2i),  X_k = E + ω^k·O,  X_a = conj(E - ω^k·O)
// Fusing saves writing Z to memory and reading it back: the split runs on registers.

/**
 * Last pass + real split. `x`: interleaved buffer holding the input of the last radix-4 pass of an
 * h = 4s point transform; writes X_0 .. X_h (h + 1 bins) to yr, yi from yo.
 */
export function realLastPass(
  s: number,
  rtw: Float64Array,
  x: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
): void {
  const d = (2 * s) | 0;
  const h = (4 * s) | 0;
  {
    // q = 0: Z_0 pairs with itself (Z_h = Z_0), Z_s with Z_3s, Z_2s with itself.
    const ar = x[0];
    const ai = x[1];
    const br = x[d];
    const bi = x[(d + 1) | 0];
    const cr = x[(2 * d) | 0];
    const ci = x[(2 * d + 1) | 0];
    const dr = x[(3 * d) | 0];
    const di = x[(3 * d + 1) | 0];
    const t0r = ar + cr;
    const t0i = ai + ci;
    const t1r = ar - cr;
    const t1i = ai - ci;
    const t2r = br + dr;
    const t2i = bi + di;
    const t3r = bi - di;
    const t3i = dr - br;
    const z0r = t0r + t2r;
    const z0i = t0i + t2i;
    yr[yo] = z0r + z0i;
    yi[yo] = 0;
    yr[(yo + h) | 0] = z0r - z0i;
    yi[(yo + h) | 0] = 0;
    // X_{2s} = X_{h/2}: E = Re Z, O = Im Z, ω^{h/2} = -i, so X = conj Z.
    yr[(yo + 2 * s) | 0] = t0r - t2r;
    yi[(yo + 2 * s) | 0] = t2i - t0i;
    // pair (s, 3s)
    const zsr = t1r + t3r;
    const zsi = t1i + t3i;
    const zar = t1r - t3r;
    const zai = t1i - t3i;
    const er = 0.5 * (zsr + zar);
    const ei = 0.5 * (zsi - zai);
    const or = 0.5 * (zsi + zai);
    const oi = 0.5 * (zar - zsr);
    const wr = rtw[2];
    const wi = rtw[3];
    const tr = or * wr - oi * wi;
    const ti = or * wi + oi * wr;
    yr[(yo + s) | 0] = er + tr;
    yi[(yo + s) | 0] = ei + ti;
    yr[(yo + 3 * s) | 0] = er - tr;
    yi[(yo + 3 * s) | 0] = ti - ei;
  }
  const half = s >> 1;
  for (let q = 1; q <= half; q = (q + 1) | 0) {
    const qb = (s - q) | 0;
    // butterfly q -> A_j = Z_{q+sj}
    let i0 = (2 * q) | 0;
    let ar = x[i0];
    let ai = x[(i0 + 1) | 0];
    let br = x[(i0 + d) | 0];
    let bi = x[(i0 + d + 1) | 0];
    let cr = x[(i0 + 2 * d) | 0];
    let ci = x[(i0 + 2 * d + 1) | 0];
    let dr = x[(i0 + 3 * d) | 0];
    let di = x[(i0 + 3 * d + 1) | 0];
    let t0r = ar + cr;
    let t0i = ai + ci;
    let t1r = ar - cr;
    let t1i = ai - ci;
    let t2r = br + dr;
    let t2i = bi + di;
    let t3r = bi - di;
    let t3i = dr - br;
    const a0r = t0r + t2r;
    const a0i = t0i + t2i;
    const a1r = t1r + t3r;
    const a1i = t1i + t3i;
    const a2r = t0r - t2r;
    const a2i = t0i - t2i;
    const a3r = t1r - t3r;
    const a3i = t1i - t3i;
    // butterfly s - q -> B_j = Z_{(s-q)+sj}
    i0 = (2 * qb) | 0;
    ar = x[i0];
    ai = x[(i0 + 1) | 0];
    br = x[(i0 + d) | 0];
    bi = x[(i0 + d + 1) | 0];
    cr = x[(i0 + 2 * d) | 0];
    ci = x[(i0 + 2 * d + 1) | 0];
    dr = x[(i0 + 3 * d) | 0];
    di = x[(i0 + 3 * d + 1) | 0];
    t0r = ar + cr;
    t0i = ai + ci;
    t1r = ar - cr;
    t1i = ai - ci;
    t2r = br + dr;
    t2i = bi + di;
    t3r = bi - di;
    t3i = dr - br;
    const b0r = t0r + t2r;
    const b0i = t0i + t2i;
    const b1r = t1r + t3r;
    const b1i = t1i + t3i;
    const b2r = t0r - t2r;
    const b2i = t0i - t2i;
    const b3r = t1r - t3r;
    const b3i = t1i - t3i;
    const t = (8 * q) | 0;
    const k0 = (yo + q) | 0;
    const a0 = (yo + h - q) | 0;
    // j = 0: k = q, partner B_3 at a = h - q
    split(a0r, a0i, b3r, b3i, rtw[t], rtw[(t + 1) | 0], yr, yi, k0, a0);
    // j = 1: k = q + s, partner B_2
    split(a1r, a1i, b2r, b2i, rtw[(t + 2) | 0], rtw[(t + 3) | 0], yr, yi, (k0 + s) | 0, (a0 - s) | 0);
    // j = 2: k = q + 2s, partner B_1
    split(a2r, a2i, b1r, b1i, rtw[(t + 4) | 0], rtw[(t + 5) | 0], yr, yi, (k0 + 2 * s) | 0, (a0 - 2 * s) | 0);
    // j = 3: k = q + 3s, partner B_0
    split(a3r, a3i, b0r, b0i, rtw[(t + 6) | 0], rtw[(t + 7) | 0], yr, yi, (k0 + 3 * s) | 0, (a0 - 3 * s) | 0);
  }
}

/** One pair of the real split: from Z_k, Z_a and ω^k, writes X_k and X_a. */
function split(
  zkr: number,
  zki: number,
  zar: number,
  zai: number,
  wr: number,
  wi: number,
  yr: Float64Array,
  yi: Float64Array,
  k: number,
  a: number,
): void {
  const er = 0.5 * (zkr + zar);
  const ei = 0.5 * (zki - zai);
  const or = 0.5 * (zki + zai);
  const oi = 0.5 * (zar - zkr);
  const tr = or * wr - oi * wi;
  const ti = or * wi + oi * wr;
  yr[k] = er + tr;
  yi[k] = ei + ti;
  yr[a] = er - tr;
  yi[a] = ti - ei;
}
