// The matrix exponential e^A of a dense real matrix by scaling and squaring with Padé
// approximants: e^A = (r_m(2^{-s} A))^{2^s}, r_m = q_m⁻¹ p_m the [m/m] Padé approximant.
//
// Glossary (Higham 2005; Al-Mohy & Higham 2009):
//   A: [n, n]   the matrix;  A_k = A^k its powers (A2, A4, A6, A8)
//   m           the Padé degree, one of 3, 5, 7, 9, 13
//   s           the number of squarings; the approximant is evaluated at 2^{-s} A
//   b_j         the Padé coefficients: p_m(x) = Σ b_j x^j, q_m(x) = p_m(−x)
//   U, V        odd and even parts: p_m(A) = V + U, q_m(A) = V − U
//   θ_m         the largest d = ‖A^k‖^{1/k} for which degree m reaches double precision
//   d_k         ‖A^k‖₁^{1/k}, the sharper size measure of Al-Mohy & Higham (2009), used with
//               η = max(d_k, d_{k+2}) instead of ‖A‖₁ so non-normal matrices are not over-scaled
//   ℓ(A, m)     extra squarings asked for by the backward-error bound |c_{2m+1}|·‖|A|^{2m+1}‖₁/‖A‖₁
//
// Reference matched: scipy.linalg.expm (scipy ≥ 1.9, `pick_pade_structure` and `pade_UV_calc`
// in scipy/linalg/_matfuncs_expm.pyx.in), itself Al-Mohy & Higham 2009, "A new scaling and
// squaring algorithm for the matrix exponential", built on Higham 2005, "The scaling and squaring
// method for the matrix exponential revisited". Like SciPy: 1×1 and diagonal matrices are
// exponentiated entrywise, 2×2 matrices use the closed form, and for triangular matrices the
// diagonal and first off-diagonal are recomputed exactly after every squaring (Code Fragment 2.1
// of Al-Mohy & Higham 2009), which removes the cancellation that squaring causes there.
import { ShapeError, ValueError } from '@seqmod/tensor';
import { bandwidth, matmul, norm1 } from './dense-matrix';
import { allocLike, type FloatArray } from './float-array';
import { solveArray } from './lu';

/** θ_m for m = 3, 5, 7, 9, 13 (Higham 2005, Table 2.3, double precision). */
const THETA = [1.495585217958292e-2, 2.53939833006323e-1, 9.504178996162932e-1, 2.097847961257068, 4.25];
/** 1/|c_{2m+1}|, the leading coefficient of the backward error series of r_m, m = 3, 5, 7, 9, 13. */
// (the last two rounded to doubles: they only enter a log2 bound)
const INV_C = [100800, 10059033600, 4487938430976000, 5.914384781877412e21, 1.1325077560602111e35];
/** Unit roundoff of double precision. */
const U = 2 ** -53;

/** Padé numerator coefficients b_0..b_m for each degree. */
const PADE: Record<number, readonly number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
    670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/**
 * e^A for a dense real square matrix. A: [n, n] row-major -> e^A: [n, n], same element type.
 * Matches scipy.linalg.expm to ~1e-13 relative on well-conditioned inputs.
 */
export function expmArray(a: FloatArray, n: number): FloatArray {
  if (!Number.isInteger(n) || n < 0)
    throw new ValueError('expm', `n must be a non-negative integer, got ${n}`);
  if (a.length !== n * n)
    throw new ShapeError('expm', `expected a square [${n}, ${n}] matrix (${n * n} entries), got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]))
      throw new ValueError('expm', `A has a non-finite entry ${a[i]} at index ${i}`);
  }
  if (n === 0) return allocLike(a, 0);
  if (n === 1) {
    const out = allocLike(a, 1);
    out[0] = Math.exp(a[0]);
    return out;
  }
  if (n === 2) return expm2x2(a);
  const bw = bandwidth(a, n);
  if (bw.lower === 0 && bw.upper === 0) {
    const out = allocLike(a, n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = Math.exp(a[i * n + i]);
    return out;
  }
  const { m, s, powers } = pickPadeStructure(a, n);
  const scale = 2 ** -s;
  // A^k scales by 2^{-sk}: rescale the powers already computed instead of recomputing them.
  const scaled = powers.map((p, idx) => {
    const k = idx === 0 ? 1 : 2 * idx;
    const f = scale ** k;
    const out = allocLike(a, n * n);
    for (let i = 0; i < n * n; i++) out[i] = p[i] * f;
    return out;
  });
  let x = padeApproximant(scaled, n, m);
  const lowerTri = bw.upper === 0;
  const upperTri = bw.lower === 0;
  if (s > 0) {
    if (lowerTri || upperTri) {
      // Code Fragment 2.1: recompute diag and first off-diagonal of e^{2^{-i} A} exactly.
      fixTriangular(x, a, n, s, lowerTri);
      for (let i = s - 1; i >= 0; i--) {
        x = matmul(x, x, n, n, n);
        fixTriangular(x, a, n, i, lowerTri);
      }
    } else {
      for (let i = 0; i < s; i++) x = matmul(x, x, n, n, n);
    }
  }
  // The exponential of a triangular matrix is triangular: clear the rounding noise in the other half.
  if (upperTri || lowerTri) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if ((upperTri && i > j) || (lowerTri && j > i)) x[i * n + j] = 0;
    }
  }
  return x;
}

/** Closed form for 2×2 (SciPy's special case): e^A = e^{tr/2}(cosh μ I + sinh μ/μ (A − tr/2 I)). */
function expm2x2(a: FloatArray): FloatArray {
  const [a1, a2, a3, a4] = [a[0], a[1], a[2], a[3]];
  const half = (a1 - a4) / 2;
  const disc = half * half + a2 * a3; // μ² (μ real when ≥ 0, imaginary otherwise)
  let cosh: number;
  let sinch: number;
  if (disc >= 0) {
    const mu = Math.sqrt(disc);
    cosh = Math.cosh(mu);
    sinch = mu === 0 ? 1 : Math.sinh(mu) / mu;
  } else {
    const nu = Math.sqrt(-disc); // μ = iν: cosh(iν) = cos ν, sinh(iν)/(iν) = sin ν / ν
    cosh = Math.cos(nu);
    sinch = Math.sin(nu) / nu;
  }
  const e = Math.exp((a1 + a4) / 2);
  const out = allocLike(a, 4);
  out[0] = e * (cosh + half * sinch);
  out[1] = e * a2 * sinch;
  out[2] = e * a3 * sinch;
  out[3] = e * (cosh - half * sinch);
  return out;
}

/**
 * Chooses the Padé degree m and squarings s as SciPy's `pick_pade_structure`. Returns the powers
 * computed on the way, [A, A2, A4, A6, A8] (A8 only when reached), for reuse.
 */
export function pickPadeStructure(a: FloatArray, n: number): { m: number; s: number; powers: FloatArray[] } {
  const a2 = matmul(a, a, n, n, n);
  const a4 = matmul(a2, a2, n, n, n);
  const a6 = matmul(a4, a2, n, n, n);
  const d4 = norm1(a4, n) ** (1 / 4);
  const d6 = norm1(a6, n) ** (1 / 6);
  const eta1 = Math.max(d4, d6);
  const normA = norm1(a, n);
  const absPowers = new AbsPowerNorms(a, n);
  if (eta1 < THETA[0] && ell(absPowers, normA, 3) === 0) return { m: 3, s: 0, powers: [a, a2, a4, a6] };
  if (eta1 < THETA[1] && ell(absPowers, normA, 5) === 0) return { m: 5, s: 0, powers: [a, a2, a4, a6] };
  const a8 = matmul(a4, a4, n, n, n);
  const d8 = norm1(a8, n) ** (1 / 8);
  const eta2 = Math.max(d6, d8);
  if (eta2 < THETA[2] && ell(absPowers, normA, 7) === 0) return { m: 7, s: 0, powers: [a, a2, a4, a6, a8] };
  if (eta2 < THETA[3] && ell(absPowers, normA, 9) === 0) return { m: 9, s: 0, powers: [a, a2, a4, a6, a8] };
  const d10 = norm1(matmul(a6, a4, n, n, n), n) ** (1 / 10);
  const eta3 = Math.max(d8, d10);
  const eta4 = Math.min(eta2, eta3);
  let s = eta4 > 0 ? Math.max(Math.ceil(Math.log2(eta4 / THETA[4])), 0) : 0;
  // ℓ is evaluated on 2^{-s} A: ‖|2^{-s}A|^27‖/‖2^{-s}A‖ = 2^{-26 s}·‖|A|^27‖/‖A‖.
  s += ell(absPowers, normA, 13, s);
  return { m: 13, s, powers: [a, a2, a4, a6] };
}

/** ‖|A|^k‖₁ for increasing k, by repeated row-vector products 1ᵀ|A|^k (exact: |A| ≥ 0). */
class AbsPowerNorms {
  private readonly abs: Float64Array;
  private v: Float64Array;
  private k = 0;
  constructor(
    a: FloatArray,
    private readonly n: number,
  ) {
    this.abs = Float64Array.from(a, Math.abs);
    this.v = new Float64Array(n).fill(1);
  }
  /** ‖|A|^k‖₁ (k must not decrease between calls). */
  norm(k: number): number {
    const n = this.n;
    while (this.k < k) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const vi = this.v[i];
        if (vi === 0) continue;
        for (let j = 0; j < n; j++) next[j] += vi * this.abs[i * n + j];
      }
      this.v = next;
      this.k++;
    }
    let best = 0;
    for (let j = 0; j < n; j++) if (this.v[j] > best) best = this.v[j];
    return best;
  }
}

/** ℓ(2^{-s}A, m) = max(⌈log2(|c_{2m+1}|·‖|2^{-s}A|^{2m+1}‖₁/(u‖2^{-s}A‖₁)) / 2m⌉, 0). */
function ell(abs: AbsPowerNorms, normA: number, m: number, s = 0): number {
  if (normA === 0) return 0;
  const idx = [3, 5, 7, 9, 13].indexOf(m);
  const ratio = (abs.norm(2 * m + 1) / normA) * 2 ** (-2 * m * s);
  const alpha = ratio / (INV_C[idx] * U);
  if (!(alpha > 0) || !Number.isFinite(alpha)) return 0;
  return Math.max(Math.ceil(Math.log2(alpha) / (2 * m)), 0);
}

/** r_m(A) = (V − U)⁻¹(V + U) from the scaled powers [A, A2, A4, A6, (A8)]. */
function padeApproximant(p: FloatArray[], n: number, m: number): FloatArray {
  const b = PADE[m]!;
  const nn = n * n;
  const [a, a2, a4, a6, a8] = p as [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray | undefined];
  // Even/odd sums of powers with coefficients; `inner` is the polynomial that multiplies A in U.
  const inner = allocLike(a, nn);
  const v = allocLike(a, nn);
  if (m === 13) {
    const w1 = allocLike(a, nn);
    const w2 = allocLike(a, nn);
    for (let i = 0; i < nn; i++) {
      w1[i] = b[13] * a6[i] + b[11] * a4[i] + b[9] * a2[i];
      w2[i] = b[12] * a6[i] + b[10] * a4[i] + b[8] * a2[i];
    }
    const z1 = matmul(a6, w1, n, n, n);
    const z2 = matmul(a6, w2, n, n, n);
    for (let i = 0; i < nn; i++) {
      inner[i] = z1[i] + b[7] * a6[i] + b[5] * a4[i] + b[3] * a2[i];
      v[i] = z2[i] + b[6] * a6[i] + b[4] * a4[i] + b[2] * a2[i];
    }
  } else {
    const evens = [a2, a4, a6, a8];
    for (let k = 1; 2 * k <= m; k++) {
      const pk = evens[k - 1]!;
      for (let i = 0; i < nn; i++) {
        inner[i] += b[2 * k + 1] * pk[i];
        v[i] += b[2 * k] * pk[i];
      }
    }
  }
  for (let i = 0; i < n; i++) {
    inner[i * n + i] += b[1];
    v[i * n + i] += b[0];
  }
  const u = matmul(a, inner, n, n, n);
  const q = allocLike(a, nn); // V − U
  const pnum = allocLike(a, nn); // V + U
  for (let i = 0; i < nn; i++) {
    q[i] = v[i] - u[i];
    pnum[i] = v[i] + u[i];
  }
  return solveArray(q, pnum, n, n, 'expm');
}

/**
 * Overwrites the diagonal and the first sub- (lower) or super- (upper) diagonal of X with those
 * of e^{2^{-i} T}, T triangular: diag exp(2^{-i} t_kk) and off-diagonal 2^{-i} t·(e^{λ2} − e^{λ1})/(λ2 − λ1).
 */
function fixTriangular(x: FloatArray, t: FloatArray, n: number, i: number, lower: boolean): void {
  const f = 2 ** -i;
  for (let k = 0; k < n; k++) x[k * n + k] = Math.exp(f * t[k * n + k]);
  for (let k = 0; k + 1 < n; k++) {
    const l1 = f * t[k * n + k];
    const l2 = f * t[(k + 1) * n + k + 1];
    const idx = lower ? (k + 1) * n + k : k * n + k + 1;
    x[idx] = f * t[idx] * expDividedDifference(l1, l2);
  }
}

/** (e^{λ2} − e^{λ1})/(λ2 − λ1), without cancellation when λ1 ≈ λ2. */
function expDividedDifference(l1: number, l2: number): number {
  const d = (l2 - l1) / 2;
  if (d === 0) return Math.exp(l1);
  if (Math.abs(d) < 0.5) return (Math.exp((l1 + l2) / 2) * Math.sinh(d)) / d;
  return (Math.exp(l2) - Math.exp(l1)) / (l2 - l1);
}
