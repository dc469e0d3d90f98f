// LU factorisation with partial pivoting (Doolittle, row interchanges), P·A = L·U, and the
// solves that use it. This is what LAPACK getrf/getrs compute and what scipy.linalg.solve calls
// for the bilinear / backward-Euler discretisations and for the Padé quotient in expm.
//
// Glossary: A: [n, n] the matrix; L unit lower triangular, U upper triangular, both stored in
// one array (L below the diagonal, U on and above it); piv[k] the row swapped with row k at step k.
import { ValueError } from '@seqmod/tensor';
import { allocLike, type FloatArray } from './float-array';

export interface LUFactors {
  readonly n: number;
  /** L (strictly below the diagonal, unit diagonal implied) and U (on and above), row-major. */
  readonly lu: FloatArray;
  /** piv[k]: the row interchanged with row k at elimination step k. */
  readonly piv: Int32Array;
}

/**
 * Factorises A: [n, n] as P·A = L·U. Throws ValueError when a pivot is exactly zero or not
 * finite (A singular to working precision), since a solve would then return Inf/NaN silently.
 */
export function luFactor(a: FloatArray, n: number, op = 'luFactor'): LUFactors {
  if (a.length !== n * n)
    throw new ValueError(op, `expected ${n * n} entries for a ${n}×${n} matrix, got ${a.length}`);
  const lu = allocLike(a, n * n);
  lu.set(a);
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    // Partial pivoting: the largest |entry| in column k at or below the diagonal keeps the
    // multipliers |l_ik| ≤ 1, which is what makes Gaussian elimination backward stable in practice.
    let p = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(best > 0) || !Number.isFinite(best)) {
      throw new ValueError(op, `matrix is singular to working precision (pivot ${k} is ${lu[p * n + k]})`);
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j];
        lu[k * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const pivot = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = lu[i * n + k] / pivot;
      lu[i * n + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= l * lu[k * n + j];
    }
  }
  return { n, lu, piv };
}

/** Solves A·X = B for X with the factors of A; B: [n, m] -> X: [n, m] (B is not modified). */
export function luSolve(f: LUFactors, b: FloatArray, m: number): FloatArray {
  const { n, lu, piv } = f;
  const x = allocLike(lu, n * m);
  x.set(b.subarray(0, n * m));
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p === k) continue;
    for (let j = 0; j < m; j++) {
      const t = x[k * m + j];
      x[k * m + j] = x[p * m + j];
      x[p * m + j] = t;
    }
  }
  // Forward substitution with the unit lower triangle.
  for (let i = 1; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const l = lu[i * n + k];
      if (l === 0) continue;
      for (let j = 0; j < m; j++) x[i * m + j] -= l * x[k * m + j];
    }
  }
  // Back substitution with U.
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const u = lu[i * n + k];
      if (u === 0) continue;
      for (let j = 0; j < m; j++) x[i * m + j] -= u * x[k * m + j];
    }
    const d = lu[i * n + i];
    for (let j = 0; j < m; j++) x[i * m + j] /= d;
  }
  return x;
}

/** X = A⁻¹·B for A: [n, n], B: [n, m] -> X: [n, m], as scipy.linalg.solve (LU with partial pivoting). */
export function solveArray(a: FloatArray, b: FloatArray, n: number, m: number, op = 'solve'): FloatArray {
  if (b.length !== n * m)
    throw new ValueError(op, `expected B with ${n}×${m} = ${n * m} entries, got ${b.length}`);
  return luSolve(luFactor(a, n, op), b, m);
}
