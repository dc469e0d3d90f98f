// Row-major dense matrix arithmetic on flat arrays: the handful of products, sums and norms
// that expm and the discretisations need. Sizes are tiny (state sizes, N ≤ a few hundred), so
// plain loops in i-k-j order (unit stride in the inner loop) are enough.
import { allocLike, type FloatArray } from './float-array';

/** C = A·B with A: [n, k], B: [k, m] -> C: [n, m]. */
export function matmul(a: FloatArray, b: FloatArray, n: number, k: number, m: number): FloatArray {
  const c = allocLike(a, n * m);
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * m;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/** The n×n identity with the element type of `like`. */
export function identityLike(like: FloatArray, n: number): FloatArray {
  const out = allocLike(like, n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** x·A + y·I for a square A: [n, n]. */
export function scaledPlusIdentity(a: FloatArray, n: number, x: number, y: number): FloatArray {
  const out = allocLike(a, n * n);
  for (let i = 0; i < n * n; i++) out[i] = x * a[i];
  for (let i = 0; i < n; i++) out[i * n + i] += y;
  return out;
}

/** The 1-norm (largest absolute column sum) of A: [n, n]. */
export function norm1(a: FloatArray, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]);
    if (s > best || Number.isNaN(s)) best = s;
  }
  return best;
}

/**
 * The lower and upper bandwidth of A: [n, n]: the largest i − j (resp. j − i) of a nonzero entry.
 * (0, 0) means diagonal; upper 0 means lower triangular.
 */
export function bandwidth(a: FloatArray, n: number): { lower: number; upper: number } {
  let lower = 0;
  let upper = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (a[i * n + j] === 0) continue;
      if (i - j > lower) lower = i - j;
      if (j - i > upper) upper = j - i;
    }
  }
  return { lower, upper };
}
