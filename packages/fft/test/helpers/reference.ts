// Test helpers: an independent O(n²) DFT, deterministic signals, and error measures.

/** Σ_j x_j·exp(sign·2πi·jk/n) at bin k, with jk reduced mod n before the angle is formed. */
export function dftBin(re: ArrayLike<number>, im: ArrayLike<number>, k: number, sign = -1): [number, number] {
  const n = re.length;
  let sr = 0;
  let si = 0;
  for (let j = 0; j < n; j++) {
    const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
    const c = Math.cos(a);
    const s = Math.sin(a);
    sr += re[j] * c - im[j] * s;
    si += re[j] * s + im[j] * c;
  }
  return [sr, si];
}

/** The full naive DFT (forward, or unscaled inverse with sign = +1). */
export function naiveDft(
  re: ArrayLike<number>,
  im: ArrayLike<number>,
  sign = -1,
): [Float64Array, Float64Array] {
  const n = re.length;
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  for (let k = 0; k < n; k++) [yr[k], yi[k]] = dftBin(re, im, k, sign);
  return [yr, yi];
}

/** Direct causal convolution y[t] = Σ_{s<=t} k[s]·u[t-s], t < u.length. */
export function directCausalConv(u: ArrayLike<number>, k: ArrayLike<number>): Float64Array {
  const L = u.length;
  const y = new Float64Array(L);
  for (let t = 0; t < L; t++) {
    let acc = 0;
    for (let s = 0; s <= t && s < k.length; s++) acc += k[s] * u[t - s];
    y[t] = acc;
  }
  return y;
}

/** A reproducible signal in [-0.5, 0.5): integer arithmetic, exact in float64 (as in numpy-reference.py). */
export function formulaSignal(n: number, a: number, b: number, c: number): Float64Array {
  const P = 65537;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = ((((j * j) % P) * a + j * b + c) % P) / P - 0.5;
  return x;
}

/** A seeded pseudo-random signal in [-1, 1) (mulberry32). */
export function randomSignal(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return x;
}

/** max_k |a_k - b_k| / max_k |b_k| over real and imaginary parts (1 when b is all zero and a is not). */
export function relError(
  ar: ArrayLike<number>,
  br: ArrayLike<number>,
  ai?: ArrayLike<number>,
  bi?: ArrayLike<number>,
): number {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < br.length; k++) {
    err = Math.max(err, Math.abs(ar[k] - br[k]));
    scale = Math.max(scale, Math.abs(br[k]));
    if (ai && bi) {
      err = Math.max(err, Math.abs(ai[k] - bi[k]));
      scale = Math.max(scale, Math.abs(bi[k]));
    }
  }
  if (scale === 0) return err === 0 ? 0 : 1;
  return err / scale;
}
