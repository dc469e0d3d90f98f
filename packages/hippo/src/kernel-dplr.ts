// The SSM convolution kernel of a DPLR system by S4's algorithm: the truncated generating
// function at the L-th roots of unity through a Cauchy kernel and the Woodbury identity, then
// an inverse FFT. O((N + L log L)) per kernel instead of the O(N²L) of dense powers.
//
// Glossary (S4, Gu, Goel, Ré 2022, §3.2–3.3, Algorithm 1, Lemmas C.2–C.4):
//   Λ: [N2] complex diagonal, P: [r, N2] complex low rank, A = diag(Λ) − Σ_r P_r P_rᴴ
//   B, C: [N2] complex; Δ = dt; bilinear (Ā, B̄) = ((I − Δ/2 A)⁻¹(I + Δ/2 A), (I − Δ/2 A)⁻¹ΔB)
//   K[l] = 2 Re(Cᵀ Āˡ B̄), l < L (C is not conjugated; the 2·Re accounts for the conjugate half)
//   z_k = e^{−2πik/L} the roots of unity, K̂(z) = Σ_{l<L} K_l z^l the truncated generating function
//   C̃ = (I − Āᴸ)ᵀ C, which makes Σ_{l<L} Cᵀ Āˡ z^l = C̃ᵀ (I − Āz)⁻¹ at every z_k (z_kᴸ = 1)
//   With bilinear, (I − Āz)⁻¹B̄ = M(z)⁻¹B for M(z) = (1 − z)/Δ·I − (1 + z)/2·A
//                                      = D(z) + b·Σ_r P_r P_rᴴ,  D = diag(a − bΛ),
//   a = (1 − z)/Δ, b = (1 + z)/2, and Woodbury gives
//   K̂(z) = k_CB − b · k_CPᵀ (I_r + b·K_PP)⁻¹ k_PB,  k_XY = Σ_n X_n Y_n/(a − bΛ_n)  (Cauchy sums,
//   with X ∈ {C̃, P̄_r}, Y ∈ {B, P_s}); finally K = 2 Re(ifft(K̂)).
//
// Reference: state-spaces/s4 `SSKernelNPLR` (src/models/s4/s4.py: `_setup_C`, `forward`). S4
// evaluates the Cauchy sums at g(z) = (2/Δ)(1 − z)/(1 + z) and multiplies by 2/(1 + z), which
// is ∞·0 at z = −1 (k = L/2 for even L) and is only finite there through rounding; folding
// 2/(1 + z) into the denominator (a − bΛ above) is the same function without that singularity.
// S4 also uses the conjugate symmetry of its real kernel to evaluate only L/2 + 1 nodes; we
// evaluate all L, because K̂ here is the generating function of the complex sum before 2·Re.
import { type ComplexArray, discretizeArray } from '@seqmod/discretize';
import { getPlan } from '@seqmod/fft';
import { ShapeError, ValueError } from '@seqmod/tensor';
import { cauchyArray } from './cauchy';
import { checkKernelLength } from './kernel-dense';

/** A DPLR system: A = diag(Λ) − Σ_r P_r P_rᴴ with input B and output C, all [N2] complex. */
export interface DplrSystem {
  Lambda: ComplexArray;
  /** P: one [N2] row per rank (a single ComplexArray means rank 1). */
  P: ComplexArray | ComplexArray[];
  B: ComplexArray;
  C: ComplexArray;
}

export function lowRankRows(P: ComplexArray | ComplexArray[]): ComplexArray[] {
  return Array.isArray(P) ? P : [P];
}

export function checkDplr(op: string, sys: DplrSystem): number {
  const N = sys.Lambda.re.length;
  const parts: [string, ComplexArray][] = [
    ['Lambda', sys.Lambda],
    ['B', sys.B],
    ['C', sys.C],
    ...lowRankRows(sys.P).map((p, i) => [`P[${i}]`, p] as [string, ComplexArray]),
  ];
  for (const [name, x] of parts) {
    if (x.re.length !== N || x.im.length !== N) {
      throw new ShapeError(
        op,
        `${name} must be [${N}] complex like Lambda, got [${x.re.length}]/[${x.im.length}]`,
      );
    }
  }
  return N;
}

/**
 * The bilinear Ā of A = diag(Λ) − Σ P_r P_rᴴ as a real [2N2, 2N2] matrix acting on [Re x; Im x]
 * (complex M ↔ [[Re M, −Im M], [Im M, Re M]], an algebra homomorphism, so discretising the real
 * form discretises the complex system).
 */
export function dplrBilinearRealForm(sys: DplrSystem, dt: number): Float64Array {
  const N = sys.Lambda.re.length;
  const n2 = 2 * N;
  const a = new Float64Array(n2 * n2);
  const put = (i: number, j: number, re: number, im: number) => {
    a[i * n2 + j] += re;
    a[i * n2 + N + j] -= im;
    a[(N + i) * n2 + j] += im;
    a[(N + i) * n2 + N + j] += re;
  };
  for (let i = 0; i < N; i++) put(i, i, sys.Lambda.re[i], sys.Lambda.im[i]);
  for (const p of lowRankRows(sys.P)) {
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        // −P_i conj(P_j)
        put(i, j, -(p.re[i] * p.re[j] + p.im[i] * p.im[j]), -(p.im[i] * p.re[j] - p.re[i] * p.im[j]));
      }
    }
  }
  // float64 in, float64 out (the kernels keep the element type of their input).
  return discretizeArray(a, new Float64Array(n2), n2, 1, dt, 'bilinear').Ab as Float64Array;
}

/**
 * C̃ = (I − Āᴸ)ᵀ C for the bilinear Ā of the system: the output vector S4 learns in place of C
 * (its `_setup_C`). Āᴸ by repeated squaring of the dense Ā, O(N2³ log L).
 */
export function dplrCorrectCArray(sys: DplrSystem, dt: number, L: number): ComplexArray {
  const N = checkDplr('dplrCorrectC', sys);
  checkKernelLength('dplrCorrectC', L);
  const n2 = 2 * N;
  let base = dplrBilinearRealForm(sys, dt);
  let power: Float64Array | null = null;
  const mul = (x: Float64Array, y: Float64Array) => {
    const out = new Float64Array(n2 * n2);
    for (let i = 0; i < n2; i++) {
      for (let k = 0; k < n2; k++) {
        const xik = x[i * n2 + k];
        if (xik === 0) continue;
        for (let j = 0; j < n2; j++) out[i * n2 + j] += xik * y[k * n2 + j];
      }
    }
    return out;
  };
  for (let e = L; e > 0; e >>>= 1) {
    if (e & 1) power = power ? mul(power, base) : base;
    if (e > 1) base = mul(base, base);
  }
  const M = power!;
  // (Cᵀ Āᴸ)_j = Σ_i C_i (Āᴸ)_ij with (Āᴸ)_ij = M[i][j] + i·M[N + i][j].
  const out: ComplexArray = { re: new Float64Array(N), im: new Float64Array(N) };
  for (let j = 0; j < N; j++) {
    let sr = 0;
    let si = 0;
    for (let i = 0; i < N; i++) {
      const mr = M[i * n2 + j];
      const mi = M[(N + i) * n2 + j];
      sr += sys.C.re[i] * mr - sys.C.im[i] * mi;
      si += sys.C.re[i] * mi + sys.C.im[i] * mr;
    }
    out.re[j] = sys.C.re[j] - sr;
    out.im[j] = sys.C.im[j] - si;
  }
  return out;
}

/** The nodes a_k = (1 − z_k)/Δ, b_k = (1 + z_k)/2 at z_k = e^{−2πik/L}, k < L. */
export function dplrNodes(dt: number, L: number): { a: ComplexArray; b: ComplexArray } {
  const a = { re: new Float64Array(L), im: new Float64Array(L) };
  const b = { re: new Float64Array(L), im: new Float64Array(L) };
  for (let k = 0; k < L; k++) {
    const t = (-2 * Math.PI * k) / L;
    const zr = Math.cos(t);
    const zi = Math.sin(t);
    a.re[k] = (1 - zr) / dt;
    a.im[k] = -zi / dt;
    b.re[k] = (1 + zr) / 2;
    b.im[k] = zi / 2;
  }
  return { a, b };
}

/** The R = (1 + r)² Cauchy weight rows [C̃∘B, C̃∘P_s…, P̄_r∘B…, P̄_r∘P_s…] as one [R, N2] array. */
export function dplrWeights(Ct: ComplexArray, sys: DplrSystem): { v: ComplexArray; R: number } {
  const N = sys.Lambda.re.length;
  const P = lowRankRows(sys.P);
  const r = P.length;
  const conjP = P.map((p) => ({ re: p.re, im: p.im.map((x) => -x) }));
  const lefts = [Ct, ...conjP];
  const rights = [sys.B, ...P];
  const R = (1 + r) * (1 + r);
  const v = { re: new Float64Array(R * N), im: new Float64Array(R * N) };
  lefts.forEach((x, i) => {
    rights.forEach((y, j) => {
      const row = i * (1 + r) + j;
      for (let n = 0; n < N; n++) {
        v.re[row * N + n] = x.re[n] * y.re[n] - x.im[n] * y.im[n];
        v.im[row * N + n] = x.re[n] * y.im[n] + x.im[n] * y.re[n];
      }
    });
  });
  return { v, R };
}

/**
 * K̂(z_k), k < L: the truncated generating function of the complex kernel Cᵀ Āˡ B̄ (before 2·Re)
 * at the roots of unity. `Ct` is the corrected C̃ (dplrCorrectCArray).
 */
export function dplrSpectrumArray(sys: DplrSystem, Ct: ComplexArray, dt: number, L: number): ComplexArray {
  const N = checkDplr('dplrSpectrum', sys);
  checkKernelLength('dplrSpectrum', L);
  const r = lowRankRows(sys.P).length;
  const { a, b } = dplrNodes(dt, L);
  const { v, R } = dplrWeights(Ct, sys);
  const k = cauchyArray(v, R, sys.Lambda, a, b);
  const s = 1 + r;
  const out = { re: new Float64Array(L), im: new Float64Array(L) };
  // Row (i, j) of the Cauchy output holds k_XY for X = [C̃, P̄_0, …][i], Y = [B, P_0, …][j].
  const kr = k.re;
  const ki = k.im;
  const row = (i: number, j: number) => (i * s + j) * L;
  if (r === 1) {
    // K̂ = k00 − b·k01·k10/(1 + b·k11), written out: this loop runs once per kernel entry.
    const [o00, o01, o10, o11] = [row(0, 0), row(0, 1), row(1, 0), row(1, 1)];
    for (let q = 0; q < L; q++) {
      const br = b.re[q];
      const bi = b.im[q];
      const dr = 1 + br * kr[o11 + q] - bi * ki[o11 + q];
      const di = br * ki[o11 + q] + bi * kr[o11 + q];
      // n = b·k01·k10
      const pr = kr[o01 + q] * kr[o10 + q] - ki[o01 + q] * ki[o10 + q];
      const pi = kr[o01 + q] * ki[o10 + q] + ki[o01 + q] * kr[o10 + q];
      const nr = br * pr - bi * pi;
      const ni = br * pi + bi * pr;
      const den = dr * dr + di * di;
      if (den === 0) throw new ValueError('dplrKernel', 'I + b·PᴴD⁻¹P is singular at a root of unity');
      out.re[q] = kr[o00 + q] - (nr * dr + ni * di) / den;
      out.im[q] = ki[o00 + q] - (ni * dr - nr * di) / den;
    }
  } else {
    // Per node: solve (I_r + b K_PP) x = k_PB, then K̂ = k_CB − b·k_CPᵀ x.
    const m = new Float64Array(2 * r * r);
    const x = new Float64Array(2 * r);
    for (let q = 0; q < L; q++) {
      const br = b.re[q];
      const bi = b.im[q];
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < r; j++) {
          const o = row(1 + i, 1 + j) + q;
          m[2 * (i * r + j)] = (i === j ? 1 : 0) + br * kr[o] - bi * ki[o];
          m[2 * (i * r + j) + 1] = br * ki[o] + bi * kr[o];
        }
        x[2 * i] = kr[row(1 + i, 0) + q];
        x[2 * i + 1] = ki[row(1 + i, 0) + q];
      }
      solveSmallComplex(m, x, r);
      let sr = kr[row(0, 0) + q];
      let si = ki[row(0, 0) + q];
      for (let j = 0; j < r; j++) {
        const cr = kr[row(0, 1 + j) + q];
        const ci = ki[row(0, 1 + j) + q];
        const tr = cr * x[2 * j] - ci * x[2 * j + 1];
        const ti = cr * x[2 * j + 1] + ci * x[2 * j];
        sr -= br * tr - bi * ti;
        si -= br * ti + bi * tr;
      }
      out.re[q] = sr;
      out.im[q] = si;
    }
  }
  if (N === 0) out.re.fill(0);
  return out;
}

/**
 * The bilinear DPLR kernel K[l] = 2 Re(Cᵀ Āˡ B̄), l < L: Λ, P, B, C: [N2] complex, Δ, L -> K: [L]
 * (Float64Array). C is corrected to C̃ first unless `cIsTilde` says it already is.
 */
export function dplrKernelArray(
  sys: DplrSystem,
  dt: number,
  L: number,
  opts: { cIsTilde?: boolean } = {},
): Float64Array {
  checkDplr('dplrKernel', sys);
  checkKernelLength('dplrKernel', L);
  const Ct = opts.cIsTilde ? sys.C : dplrCorrectCArray(sys, dt, L);
  const S = dplrSpectrumArray(sys, Ct, dt, L);
  getPlan(L).inverse(S.re, S.im);
  const K = new Float64Array(L);
  for (let l = 0; l < L; l++) K[l] = 2 * S.re[l];
  return K;
}

/** In place: x ← M⁻¹x for a small complex M: [r, r] (interleaved), Gaussian elimination with pivoting. */
function solveSmallComplex(m: Float64Array, x: Float64Array, r: number): void {
  if (r === 1) {
    const d = m[0] * m[0] + m[1] * m[1];
    if (d === 0) throw new ValueError('dplrKernel', 'I + b·PᴴD⁻¹P is singular at a root of unity');
    const [xr, xi] = [x[0], x[1]];
    x[0] = (xr * m[0] + xi * m[1]) / d;
    x[1] = (xi * m[0] - xr * m[1]) / d;
    return;
  }
  const idx = (i: number, j: number) => 2 * (i * r + j);
  for (let c = 0; c < r; c++) {
    let p = c;
    for (let i = c + 1; i < r; i++)
      if (Math.hypot(m[idx(i, c)], m[idx(i, c) + 1]) > Math.hypot(m[idx(p, c)], m[idx(p, c) + 1])) p = i;
    if (p !== c) {
      for (let j = 0; j < r; j++) {
        for (const o of [0, 1]) [m[idx(c, j) + o], m[idx(p, j) + o]] = [m[idx(p, j) + o], m[idx(c, j) + o]];
      }
      for (const o of [0, 1]) [x[2 * c + o], x[2 * p + o]] = [x[2 * p + o], x[2 * c + o]];
    }
    const pr = m[idx(c, c)];
    const pi = m[idx(c, c) + 1];
    const pd = pr * pr + pi * pi;
    if (pd === 0) throw new ValueError('dplrKernel', 'I + b·PᴴD⁻¹P is singular at a root of unity');
    for (let i = c + 1; i < r; i++) {
      // f = m[i,c]/m[c,c]
      const fr = (m[idx(i, c)] * pr + m[idx(i, c) + 1] * pi) / pd;
      const fi = (m[idx(i, c) + 1] * pr - m[idx(i, c)] * pi) / pd;
      for (let j = c; j < r; j++) {
        const ar = m[idx(c, j)];
        const ai = m[idx(c, j) + 1];
        m[idx(i, j)] -= fr * ar - fi * ai;
        m[idx(i, j) + 1] -= fr * ai + fi * ar;
      }
      x[2 * i] -= fr * x[2 * c] - fi * x[2 * c + 1];
      x[2 * i + 1] -= fr * x[2 * c + 1] + fi * x[2 * c];
    }
  }
  for (let i = r - 1; i >= 0; i--) {
    let sr = x[2 * i];
    let si = x[2 * i + 1];
    for (let j = i + 1; j < r; j++) {
      sr -= m[idx(i, j)] * x[2 * j] - m[idx(i, j) + 1] * x[2 * j + 1];
      si -= m[idx(i, j)] * x[2 * j + 1] + m[idx(i, j) + 1] * x[2 * j];
    }
    const pr = m[idx(i, i)];
    const pi = m[idx(i, i) + 1];
    const pd = pr * pr + pi * pi;
    x[2 * i] = (sr * pr + si * pi) / pd;
    x[2 * i + 1] = (si * pr - sr * pi) / pd;
  }
}
