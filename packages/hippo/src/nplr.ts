// The normal-plus-low-rank (NPLR) form of the HiPPO matrices and its conjugate-pair half, the
// diagonal-plus-low-rank (DPLR) parameterisation of S4.
//
// Glossary (S4, Gu, Goel, Ré 2022, §3.1 and Theorem 1):
//   A: [N, N], B: [N]   the HiPPO matrices (transition.ts)
//   P: [r, N]           real low-rank correction (r = 1 for legs/lagt, 2 for legt/fourier) such
//                       that A + Σ_r P_r P_rᵀ = c·I + S is normal (S skew-symmetric)
//   w: [N] = Λ          eigenvalues of A + P Pᵀ, c + iω; V: [N, N] unitary eigenvectors
//   NPLR                A = V (Λ − P̃ P̃ᴴ) Vᴴ with P̃ = Vᴴ P   (so A = V Λ Vᴴ − P Pᵀ)
//   DPLR half           A real ⇒ eigenpairs come in conjugates (w, v), (w̄, v̄); keeping the N/2
//                       with Im w > 0: Λ: [N/2], V_h: [N, N/2], P̃ = V_hᴴ P, B̃ = V_hᴴ B, and
//                       A = 2 Re(V_h Λ V_hᴴ) − P Pᵀ with P = 2 Re(V_h P̃)
//
// Reference matched: state-spaces/s4 `rank_correction` and `nplr` (src/models/hippo/hippo.py);
// the eigenvalues match numpy.linalg.eigvals (the hippo_nplr fixtures). S4 calls a general
// eigensolver on A + PPᵀ; we use its structure (c·I plus skew-symmetric, checked) and a
// Hermitian eigensolver (skew-eigen.ts), which returns an exactly unitary V. The fixture order is
// by imaginary then real part; the DPLR half keeps Im w > 0 in ascending order (S4 keeps one of
// each pair; which one is a convention, the 2·Re kernel is the same).
import type { ComplexArray } from '@seqmod/discretize';
import {
  type ComplexTensor,
  complex,
  DEFAULT_DTYPE,
  type DType,
  fromArray,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { skewSymmetricEigen } from './skew-eigen';
import { checkStateSize, type HippoMeasure, hippoArray } from './transition';

/** The low-rank P: [r, N] of S4's `rank_correction(measure, N)`, as r rows of length N. */
export function rankCorrection(measure: HippoMeasure, N: number): Float64Array[] {
  checkStateSize('rankCorrection', measure, N);
  const row = (f: (n: number) => number) => Float64Array.from({ length: N }, (_, n) => f(n));
  switch (measure) {
    case 'legs':
      return [row((n) => Math.sqrt(n + 0.5))];
    case 'lagt':
      return [row(() => Math.SQRT1_2)];
    case 'legt':
      // P0 keeps the odd entries, P1 the even ones, of √(2n+1).
      return [
        row((n) => (n % 2 === 1 ? Math.sqrt(2 * n + 1) : 0)),
        row((n) => (n % 2 === 0 ? Math.sqrt(2 * n + 1) : 0)),
      ];
    case 'fourier':
      return [row((n) => (n % 2 === 1 ? 1 : 0)), row((n) => (n % 2 === 0 ? 1 : 0))];
    default:
      throw new ValueError('rankCorrection', `unknown measure '${String(measure)}'`);
  }
}

export interface NplrForm {
  measure: HippoMeasure;
  N: number;
  /** w: [N] eigenvalues of A + PPᵀ, sorted by imaginary then real part. */
  w: ComplexArray;
  /** V: [N, N] row-major, unitary; column j is the eigenvector of w[j]. */
  V: ComplexArray;
  /** P: [r, N] the real rank correction. */
  P: Float64Array[];
  /** B: [N] the HiPPO input vector. */
  B: Float64Array;
}

/** The NPLR form of a HiPPO matrix: (A, B) -> (w: [N], V: [N, N], P: [r, N], B: [N]). */
export function nplrArray(measure: HippoMeasure, N: number): NplrForm {
  const op = 'nplr';
  const { A, B } = hippoArray(measure, N);
  const P = rankCorrection(measure, N);
  const M = Float64Array.from(A);
  for (const p of P) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) M[i * N + j] += p[i] * p[j];
  // Split M = c·I + S and check that the symmetric remainder vanishes (M normal of this shape).
  let c = 0;
  for (let i = 0; i < N; i++) c += M[i * N + i] / N;
  const S = new Float64Array(N * N);
  let sym = 0;
  let scale = 1;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      S[i * N + j] = (M[i * N + j] - M[j * N + i]) / 2;
      sym = Math.max(sym, Math.abs((M[i * N + j] + M[j * N + i]) / 2 - (i === j ? c : 0)));
      scale = Math.max(scale, Math.abs(M[i * N + j]));
    }
  }
  if (sym > 1e-10 * scale) {
    throw new ValueError(
      op,
      `A + PPᵀ is not c·I + skew for measure '${measure}' (symmetric residual ${sym})`,
    );
  }
  const { omega, vre, vim } = skewSymmetricEigen(S, N);
  const order = Array.from({ length: N }, (_, j) => j).sort((a, b) => omega[a] - omega[b]);
  const w: ComplexArray = { re: new Float64Array(N).fill(c), im: new Float64Array(N) };
  const V: ComplexArray = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
  order.forEach((src, dst) => {
    w.im[dst] = omega[src];
    for (let i = 0; i < N; i++) {
      V.re[i * N + dst] = vre[i * N + src];
      V.im[i * N + dst] = vim[i * N + src];
    }
  });
  return { measure, N, w, V, P, B };
}

/** V diag(w) Vᴴ − Σ_r P_r P_rᵀ: [N, N], which must equal the HiPPO A (real part returned). */
export function reconstructNplr(form: NplrForm): Float64Array {
  const { N, w, V, P } = form;
  const out = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < N; k++) {
        // Re(V_ik w_k conj(V_jk))
        const ar = V.re[i * N + k] * w.re[k] - V.im[i * N + k] * w.im[k];
        const ai = V.re[i * N + k] * w.im[k] + V.im[i * N + k] * w.re[k];
        s += ar * V.re[j * N + k] + ai * V.im[j * N + k];
      }
      for (const p of P) s -= p[i] * p[j];
      out[i * N + j] = s;
    }
  }
  return out;
}

export interface DplrForm {
  measure: HippoMeasure;
  N: number;
  /** Λ: [N/2], the eigenvalues with Im > 0, ascending. */
  Lambda: ComplexArray;
  /** P̃ = V_hᴴ P: [r, N/2]. */
  P: ComplexArray[];
  /** B̃ = V_hᴴ B: [N/2]. */
  B: ComplexArray;
  /** V_h: [N, N/2] row-major. */
  V: ComplexArray;
}

/**
 * The conjugate-pair DPLR half of the NPLR form: (Λ: [N/2], P̃: [r, N/2], B̃: [N/2], V_h: [N, N/2]).
 * Needs N/2 eigenvalues with Im w > 0 (legs, legt, lagt with even N; not fourier, whose zero
 * frequency gives real eigenvalues).
 */
export function dplrArray(measure: HippoMeasure, N: number): DplrForm {
  const op = 'dplr';
  const nplr = nplrArray(measure, N);
  let big = 0;
  for (let j = 0; j < N; j++) big = Math.max(big, Math.abs(nplr.w.im[j]));
  const keep: number[] = [];
  for (let j = 0; j < N; j++) if (nplr.w.im[j] > 1e-9 * Math.max(big, 1)) keep.push(j);
  if (N % 2 !== 0 || keep.length !== N / 2) {
    throw new ValueError(
      op,
      `measure '${measure}' at N = ${N} has ${keep.length} eigenvalues with Im > 0; the conjugate-pair form needs N/2 = ${N / 2}`,
    );
  }
  const H = N / 2;
  const Lambda: ComplexArray = { re: new Float64Array(H), im: new Float64Array(H) };
  const V: ComplexArray = { re: new Float64Array(N * H), im: new Float64Array(N * H) };
  keep.forEach((src, dst) => {
    Lambda.re[dst] = nplr.w.re[src];
    Lambda.im[dst] = nplr.w.im[src];
    for (let i = 0; i < N; i++) {
      V.re[i * H + dst] = nplr.V.re[i * N + src];
      V.im[i * H + dst] = nplr.V.im[i * N + src];
    }
  });
  // x̃ = V_hᴴ x for a real x: x̃_k = Σ_i conj(V_ik) x_i.
  const project = (x: Float64Array): ComplexArray => {
    const out: ComplexArray = { re: new Float64Array(H), im: new Float64Array(H) };
    for (let k = 0; k < H; k++) {
      for (let i = 0; i < N; i++) {
        out.re[k] += V.re[i * H + k] * x[i];
        out.im[k] -= V.im[i * H + k] * x[i];
      }
    }
    return out;
  };
  return { measure, N, Lambda, P: nplr.P.map(project), B: project(nplr.B), V };
}

/** 2 Re(V_h Λ V_hᴴ) − Σ_r p_r p_rᵀ with p_r = 2 Re(V_h P̃_r): [N, N], which must equal the HiPPO A. */
export function reconstructDplr(form: DplrForm): Float64Array {
  const { N, Lambda, V, P } = form;
  const H = N / 2;
  const out = new Float64Array(N * N);
  const lowRank = P.map((pt) => {
    const p = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < H; k++) p[i] += 2 * (V.re[i * H + k] * pt.re[k] - V.im[i * H + k] * pt.im[k]);
    }
    return p;
  });
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < H; k++) {
        const ar = V.re[i * H + k] * Lambda.re[k] - V.im[i * H + k] * Lambda.im[k];
        const ai = V.re[i * H + k] * Lambda.im[k] + V.im[i * H + k] * Lambda.re[k];
        s += 2 * (ar * V.re[j * H + k] + ai * V.im[j * H + k]);
      }
      for (const p of lowRank) s -= p[i] * p[j];
      out[i * N + j] = s;
    }
  }
  return out;
}

function complexTensor(x: ComplexArray, shape: number[], dtype: DType): ComplexTensor {
  return complex(fromArray(x.re, shape, { dtype }), fromArray(x.im, shape, { dtype }));
}

function stackRows(rows: ComplexArray[]): ComplexArray {
  const n = rows[0]?.re.length ?? 0;
  const out = { re: new Float64Array(rows.length * n), im: new Float64Array(rows.length * n) };
  rows.forEach((r, i) => {
    out.re.set(r.re, i * n);
    out.im.set(r.im, i * n);
  });
  return out;
}

/** The NPLR form as Tensors: w: [N], V: [N, N] complex; P: [r, N], B: [N] real. */
export function nplr(
  measure: HippoMeasure,
  N: number,
  opts: { dtype?: DType } = {},
): { w: ComplexTensor; V: ComplexTensor; P: Tensor; B: Tensor } {
  const dtype = opts.dtype ?? DEFAULT_DTYPE;
  const f = nplrArray(measure, N);
  const P = new Float64Array(f.P.length * N);
  f.P.forEach((p, i) => P.set(p, i * N));
  return {
    w: complexTensor(f.w, [N], dtype),
    V: complexTensor(f.V, [N, N], dtype),
    P: fromArray(P, [f.P.length, N], { dtype }),
    B: fromArray(f.B, [N], { dtype }),
  };
}

/** The conjugate-pair DPLR form as Tensors: Λ: [N/2], P̃: [r, N/2], B̃: [N/2], V_h: [N, N/2], all complex. */
export function dplr(
  measure: HippoMeasure,
  N: number,
  opts: { dtype?: DType } = {},
): { Lambda: ComplexTensor; P: ComplexTensor; B: ComplexTensor; V: ComplexTensor } {
  const dtype = opts.dtype ?? DEFAULT_DTYPE;
  const f = dplrArray(measure, N);
  const H = N / 2;
  return {
    Lambda: complexTensor(f.Lambda, [H], dtype),
    P: complexTensor(stackRows(f.P), [f.P.length, H], dtype),
    B: complexTensor(f.B, [H], dtype),
    V: complexTensor(f.V, [N, H], dtype),
  };
}
