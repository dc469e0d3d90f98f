// One pass of odd radix r (7, 11, 13, ...) of the Stockham autosort FFT on interleaved data: an
// O(r²) DFT per butterfly, for smooth lengths with a small prime factor that has no dedicated
// kernel. Symbols as in stage-radix4.ts, plus
//   h          (r - 1)/2
//   u_l, v_l   x_l + x_{r-l} and x_l - x_{r-l}, l = 1..h (inputs that share a cosine)
//   C[k], S[k] cos(2πk/r), sin(2πk/r)
// The r-point DFT: X_0 = x_0 + Σ u_l and, for j = 1..h,
//   X_j, X_{r-j} = x_0 + Σ_l C[jl mod r]·u_l ∓ i Σ_l S[jl mod r]·v_l
// which halves the multiplications of the plain DFT.
// tw holds [re ω^{jp}, im ω^{jp}] for j = 1..r-1 per p.

/** Precomputed data of an odd-radix pass: the r-th roots and room for u, v and the outputs. */
export interface OddRadix {
  r: number;
  cos: Float64Array;
  sin: Float64Array;
  /** Scratch [ur | ui | vr | vi] (h + 1 each) then [Xr | Xi] (r each), reused by every butterfly. */
  tmp: Float64Array;
}

/** Odd-radix Stockham pass on interleaved data: x -> y, both n = r·s·m complex points. */
export function oddRadixPass(
  rad: OddRadix,
  s: number,
  m: number,
  tw: Float64Array,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
): void {
  const { r, cos, sin, tmp } = rad;
  const h = (r - 1) >> 1;
  const d = 2 * s * m;
  const s2 = 2 * s;
  const UR = 0;
  const UI = h + 1;
  const VR = 2 * (h + 1);
  const VI = 3 * (h + 1);
  const XR = 4 * (h + 1);
  const XI = XR + r;
  for (let p = 0; p < m; p++) {
    const t = 2 * (r - 1) * p;
    const ib = xo + s2 * p;
    const ob = yo + r * s2 * p;
    for (let q = 0; q < s; q++) {
      const i0 = ib + 2 * q;
      const x0r = x[i0];
      const x0i = x[i0 + 1];
      let sumr = x0r;
      let sumi = x0i;
      for (let l = 1; l <= h; l++) {
        const a = i0 + l * d;
        const b = i0 + (r - l) * d;
        const ur = x[a] + x[b];
        const ui = x[a + 1] + x[b + 1];
        tmp[UR + l] = ur;
        tmp[UI + l] = ui;
        tmp[VR + l] = x[a] - x[b];
        tmp[VI + l] = x[a + 1] - x[b + 1];
        sumr += ur;
        sumi += ui;
      }
      tmp[XR] = sumr;
      tmp[XI] = sumi;
      for (let j = 1; j <= h; j++) {
        let ar = x0r;
        let ai = x0i;
        let br = 0;
        let bi = 0;
        let k = 0;
        for (let l = 1; l <= h; l++) {
          k += j;
          if (k >= r) k -= r;
          const c = cos[k];
          const sn = sin[k];
          ar += c * tmp[UR + l];
          ai += c * tmp[UI + l];
          br += sn * tmp[VR + l];
          bi += sn * tmp[VI + l];
        }
        // -i·B = (bi, -br)
        tmp[XR + j] = ar + bi;
        tmp[XI + j] = ai - br;
        tmp[XR + r - j] = ar - bi;
        tmp[XI + r - j] = ai + br;
      }
      const o0 = ob + 2 * q;
      y[o0] = tmp[XR];
      y[o0 + 1] = tmp[XI];
      for (let j = 1; j < r; j++) {
        const wr = tw[t + 2 * (j - 1)];
        const wi = tw[t + 2 * (j - 1) + 1];
        const vr = tmp[XR + j];
        const vi = tmp[XI + j];
        const o = o0 + j * s2;
        y[o] = vr * wr - vi * wi;
        y[o + 1] = vr * wi + vi * wr;
      }
    }
  }
}
