// Independent references for the tests: a seeded random matrix, plain products, and e^A by a
// Taylor series with scaling and squaring (a different algorithm from the Padé code under test).

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

export function randomMatrix(n: number, m: number, seed: number, scale = 1): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n * m }, () => scale * r());
}

export function mm(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  n: number,
  k: number,
  m: number,
): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) c[i * m + j] += a[i * k + p]! * b[p * m + j]!;
  return c;
}

export function eyeArray(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** max |a − b| / (1 + max |b|). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / Math.max(1, s);
}

/** e^A by scaling to ‖A‖ ≤ 1/8, a 30-term Taylor series, and squaring back. */
export function taylorExpm(a: ArrayLike<number>, n: number): Float64Array {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    norm = Math.max(norm, s);
  }
  const s = Math.max(0, Math.ceil(Math.log2(norm * 8)));
  const x = Float64Array.from(a, (v) => v / 2 ** s);
  let term = eyeArray(n);
  const sum = eyeArray(n);
  for (let k = 1; k <= 30; k++) {
    term = mm(term, x, n, n, n).map((v) => v / k);
    for (let i = 0; i < n * n; i++) sum[i] = sum[i]! + term[i]!;
  }
  let r = sum;
  for (let i = 0; i < s; i++) r = mm(r, r, n, n, n);
  return r;
}
