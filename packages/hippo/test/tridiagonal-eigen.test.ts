import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tridiagonalEigen } from '../src/tridiagonal-eigen';
import { rng } from './support/reference';

function check(d: Float64Array, e: Float64Array, tol: number) {
  const n = d.length;
  const { values, vectors: Z } = tridiagonalEigen(d, e);
  let scale = 1;
  for (const x of [...d, ...e]) scale = Math.max(scale, Math.abs(x));
  let residual = 0;
  let orth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      // (T z_j)_i − λ_j z_ij
      let t = d[i]! * Z[i * n + j]!;
      if (i > 0) t += e[i - 1]! * Z[(i - 1) * n + j]!;
      if (i < n - 1) t += e[i]! * Z[(i + 1) * n + j]!;
      residual = Math.max(residual, Math.abs(t - values[j]! * Z[i * n + j]!));
    }
    for (let k = 0; k < n; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += Z[i * n + j]! * Z[i * n + k]!;
      orth = Math.max(orth, Math.abs(dot - (j === k ? 1 : 0)));
    }
  }
  expect(residual).toBeLessThan(tol * scale);
  expect(orth).toBeLessThan(tol);
  return values;
}

describe('tridiagonalEigen (implicit QR, Wilkinson shift)', () => {
  it('finds the known spectrum of tridiag(−1, 2, −1): 2 − 2cos(kπ/(n+1))', () => {
    const n = 12;
    const values = check(new Float64Array(n).fill(2), new Float64Array(n - 1).fill(-1), 1e-13);
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort(
      (a, b) => a - b,
    );
    const got = Array.from(values).sort((a, b) => a - b);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 13));
  });

  it('diagonalises random symmetric tridiagonals with orthonormal eigenvectors (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), fc.boolean(), (n, seed, zeroDiag) => {
        const r = rng(seed);
        const d = Float64Array.from({ length: n }, () => (zeroDiag ? 0 : 3 * r()));
        const e = Float64Array.from({ length: n - 1 }, () => 3 * r());
        check(d, e, 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('copes with exact zeros on the off-diagonal (already split blocks)', () => {
    check(Float64Array.of(1, 2, 3, 4), Float64Array.of(0.5, 0, 0.25), 1e-14);
  });
});
