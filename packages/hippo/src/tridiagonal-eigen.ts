// Eigen-decomposition of a real symmetric tridiagonal matrix by implicit QR steps with the
// Wilkinson shift (Golub & Van Loan, Matrix Computations, §8.3, Algorithm 8.3.2/8.3.3).
//
// Glossary: T: [n, n] symmetric tridiagonal with diagonal d: [n] and off-diagonal e: [n−1];
// T = Z diag(λ) Zᵀ with Z orthogonal (columns are eigenvectors), λ real.
import { ValueError } from '@seqmod/tensor';

export interface SymmetricEigen {
  /** λ: [n], unsorted (the order in which they deflated). */
  values: Float64Array;
  /** Z: [n, n] row-major, column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** d: [n], e: [n−1] -> (λ: [n], Z: [n, n]) with T Z = Z diag(λ). */
export function tridiagonalEigen(d: ArrayLike<number>, e: ArrayLike<number>): SymmetricEigen {
  const n = d.length;
  if (e.length !== Math.max(n - 1, 0)) {
    throw new ValueError(
      'tridiagonalEigen',
      `off-diagonal must have ${Math.max(n - 1, 0)} entries, got ${e.length}`,
    );
  }
  const dd = Float64Array.from(d);
  const ee = Float64Array.from(e);
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) z[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(dd[i]), i < n - 1 ? Math.abs(ee[i]) : 0);
  const eps = Number.EPSILON;
  let hi = n - 1;
  let iterations = 0;
  const maxIterations = 30 * Math.max(n, 1);
  while (hi > 0) {
    // Deflate negligible off-diagonals (relative to their neighbours, or to ‖T‖ where both
    // neighbours vanish, as happens for the zero diagonal of a skew-symmetric reduction).
    for (let k = 0; k < hi; k++) {
      if (
        Math.abs(ee[k]) <= eps * (Math.abs(dd[k]) + Math.abs(dd[k + 1])) ||
        Math.abs(ee[k]) <= eps * eps * scale
      ) {
        ee[k] = 0;
      }
    }
    if (ee[hi - 1] === 0) {
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && ee[lo - 1] !== 0) lo--;
    if (++iterations > maxIterations) {
      throw new ValueError('tridiagonalEigen', `QR iteration did not converge after ${maxIterations} steps`);
    }
    implicitQrStep(dd, ee, lo, hi, z, n);
  }
  return { values: dd, vectors: z };
}

/** One implicit symmetric QR step with Wilkinson shift on the unreduced block lo..hi. */
function implicitQrStep(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  z: Float64Array,
  n: number,
): void {
  // Wilkinson shift: the eigenvalue of the trailing 2×2 block closer to d[hi].
  const t = (d[hi - 1] - d[hi]) / 2;
  const b = e[hi - 1];
  const mu = d[hi] - (b * b) / (t + (t >= 0 ? 1 : -1) * Math.hypot(t, b));
  let x = d[lo] - mu;
  let y = e[lo];
  for (let k = lo; k < hi; k++) {
    // Rotation R = [[c, s], [−s, c]] on rows/columns k, k+1 with R·[x; y] = [r; 0].
    const r = Math.hypot(x, y);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : y / r;
    if (k > lo) e[k - 1] = r;
    const a = d[k];
    const bb = e[k];
    const cc = d[k + 1];
    d[k] = c * c * a + 2 * c * s * bb + s * s * cc;
    d[k + 1] = s * s * a - 2 * c * s * bb + c * c * cc;
    e[k] = c * s * (cc - a) + (c * c - s * s) * bb;
    if (k + 1 < hi) {
      // The rotation pushes a bulge to (k+2, k); the next rotation chases it down.
      x = e[k];
      y = s * e[k + 1];
      e[k + 1] = c * e[k + 1];
    }
    // Z ← Z Rᵀ on columns k, k+1.
    for (let i = 0; i < n; i++) {
      const zk = z[i * n + k];
      const zk1 = z[i * n + k + 1];
      z[i * n + k] = c * zk + s * zk1;
      z[i * n + k + 1] = -s * zk + c * zk1;
    }
  }
}
