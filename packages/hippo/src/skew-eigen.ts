// Eigen-decomposition of a real skew-symmetric matrix S (Sᵀ = −S), the normal part of the HiPPO
// NPLR form. i·S is Hermitian, so S has purely imaginary eigenvalues and a unitary eigenbasis.
//
// Glossary: S: [n, n] real skew-symmetric; S v_j = i ω_j v_j with ω_j real; V = [v_0 … v_{n−1}]
// unitary; Q orthogonal with T = Qᵀ S Q skew tridiagonal (T_{k+1,k} = t_k = −T_{k,k+1});
// D = diag(i^k); J = D* (iT) D the real symmetric tridiagonal with zero diagonal and
// off-diagonal t_k; J = Z diag(μ) Zᵀ.
//
// Method: Householder reduction of S to Hessenberg form, which for a skew-symmetric matrix is
// tridiagonal; the diagonal unitary D turns the Hermitian tridiagonal iT into the real symmetric
// J (check: (D* iT D)_{k+1,k} = conj(i^{k+1})·i t_k·i^k = t_k); implicit QR on J. Then
// iS (Q D z) = μ (Q D z), i.e. S v = −iμ v with v = Q D z: ω = −μ. Everything stays real until
// the last step, and the eigenvectors come out exactly orthonormal (to rounding) because Q, D and
// Z are. numpy.linalg.eig (LAPACK geev), which the fixtures use, returns the same eigenvalues.
import { ShapeError, ValueError } from '@seqmod/tensor';
import { tridiagonalEigen } from './tridiagonal-eigen';

export interface SkewEigen {
  /** ω: [n], S v_j = i ω_j v_j (unsorted). */
  omega: Float64Array;
  /** Re V: [n, n] row-major, column j the unit eigenvector of i ω_j. */
  vre: Float64Array;
  /** Im V: [n, n]. */
  vim: Float64Array;
}

/** S: [n, n] real skew-symmetric -> (ω: [n], V: [n, n] complex unitary) with S V = V diag(iω). */
export function skewSymmetricEigen(S: ArrayLike<number>, n: number): SkewEigen {
  const op = 'skewSymmetricEigen';
  if (S.length !== n * n)
    throw new ShapeError(op, `expected [${n}, ${n}] (${n * n} entries), got ${S.length}`);
  let norm = 0;
  let asym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      norm = Math.max(norm, Math.abs(S[i * n + j]));
      asym = Math.max(asym, Math.abs(S[i * n + j] + S[j * n + i]));
    }
  }
  if (asym > 1e-12 * Math.max(norm, 1)) {
    throw new ValueError(op, `matrix is not skew-symmetric: max |S + Sᵀ| = ${asym}`);
  }
  const { h, q } = hessenberg(S, n);
  // Off-diagonal of the skew tridiagonal T, averaged over its two (±) copies to cancel rounding.
  const t = new Float64Array(Math.max(n - 1, 0));
  for (let k = 0; k + 1 < n; k++) t[k] = (h[(k + 1) * n + k] - h[k * n + k + 1]) / 2;
  const { values: mu, vectors: z } = tridiagonalEigen(new Float64Array(n), t);
  // V = Q D Z with D = diag(1, i, −1, −i, …).
  const vre = new Float64Array(n * n);
  const vim = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < n; k++) {
      const qrk = q[r * n + k];
      if (qrk === 0) continue;
      const sign = (k >> 1) % 2 === 0 ? 1 : -1; // i^k = sign·1 (k even) or sign·i (k odd)
      const target = k % 2 === 0 ? vre : vim;
      for (let j = 0; j < n; j++) target[r * n + j] += sign * qrk * z[k * n + j];
    }
  }
  const omega = new Float64Array(n);
  for (let j = 0; j < n; j++) omega[j] = -mu[j];
  return { omega, vre, vim };
}

/** Householder reduction H = Qᵀ S Q to upper Hessenberg form; returns H and Q, both [n, n]. */
function hessenberg(S: ArrayLike<number>, n: number): { h: Float64Array; q: Float64Array } {
  const h = Float64Array.from(S);
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    // Reflector P = I − β v vᵀ on indices k+1..n−1 mapping column k below the subdiagonal to zero.
    let sigma = 0;
    for (let i = k + 1; i < n; i++) sigma += h[i * n + k] * h[i * n + k];
    if (sigma === 0) continue;
    const x0 = h[(k + 1) * n + k];
    const alpha = -(x0 >= 0 ? 1 : -1) * Math.sqrt(sigma); // sign chosen to avoid cancellation in v0
    v.fill(0);
    for (let i = k + 1; i < n; i++) v[i] = h[i * n + k];
    v[k + 1] -= alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    const beta = 2 / vv;
    // H ← P H: w_j = Σ_i v_i H_ij, H_ij −= β v_i w_j.
    w.fill(0);
    for (let i = k + 1; i < n; i++) for (let j = 0; j < n; j++) w[j] += v[i] * h[i * n + j];
    for (let i = k + 1; i < n; i++) for (let j = 0; j < n; j++) h[i * n + j] -= beta * v[i] * w[j];
    // H ← H P and Q ← Q P: w_i = Σ_j M_ij v_j, M_ij −= β w_i v_j.
    for (const m of [h, q]) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = k + 1; j < n; j++) s += m[i * n + j] * v[j];
        for (let j = k + 1; j < n; j++) m[i * n + j] -= beta * s * v[j];
      }
    }
  }
  return { h, q };
}
