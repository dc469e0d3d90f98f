// Independent references for the tests: seeded numbers and plain complex/real dense products.

/** Deterministic uniform numbers in [-1, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export interface C {
  re: Float64Array;
  im: Float64Array;
}

/** Any split complex vector (Float32Array or Float64Array parts). */
export interface CLike {
  re: ArrayLike<number>;
  im: ArrayLike<number>;
}

export function randomComplex(n: number, r: () => number, scale = 1): C {
  return {
    re: Float64Array.from({ length: n }, () => scale * r()),
    im: Float64Array.from({ length: n }, () => scale * r()),
  };
}

/** max |a − b| / max(1, max |b|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / Math.max(1, s);
}

/** The real [2n, 2n] form [[Re M, −Im M], [Im M, Re M]] of a complex n×n matrix. */
export function realForm(re: ArrayLike<number>, im: ArrayLike<number>, n: number): Float64Array {
  const m = 2 * n;
  const out = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * m + j] = re[i * n + j]!;
      out[i * m + n + j] = -im[i * n + j]!;
      out[(n + i) * m + j] = im[i * n + j]!;
      out[(n + i) * m + n + j] = re[i * n + j]!;
    }
  }
  return out;
}

/**
 * The complex system x' = A x + B u, y = 2 Re(Cᵀx) as a real one on [Re x; Im x]:
 * A_r = realForm(A), B_r = [Re B; Im B], C_r = 2[Re C; −Im C].
 */
export function realSystem(
  A: CLike,
  B: CLike,
  Cv: CLike,
  n: number,
): { A: Float64Array; B: Float64Array; C: Float64Array } {
  const b = new Float64Array(2 * n);
  const c = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    b[i] = B.re[i]!;
    b[n + i] = B.im[i]!;
    c[i] = 2 * Cv.re[i]!;
    c[n + i] = -2 * Cv.im[i]!;
  }
  return { A: realForm(A.re, A.im, n), B: b, C: c };
}
