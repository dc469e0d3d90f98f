// The SSM convolution kernel of a diagonal system (S4D), a Vandermonde product:
// K[l] = 2 Re Σ_n W_n Ā_n^l with W_n = C_n B̄_n.
//
// Glossary (S4D, Gu et al. 2022, §3): λ = A: [N2] complex diagonal (one of each conjugate pair,
// hence the 2·Re); B, C: [N2] complex; Δ = dt = exp(log Δ); Ā_n, B̄_n the discretised diagonal
// (ZOH by default: Ā = e^{Δλ}, B̄ = (e^{Δλ} − 1)/λ · B); z_n = log Ā_n (= Δλ_n for ZOH).
// Cost O(N2·L).
// Reference matched: state-spaces/s4 `s4d.py` (the S4DKernel forward: C·(e^{dtA} − 1)/A then
// 2·Re(C·exp(dtA·arange(L)))) and the s4d_kernel fixtures. S4D computes exp(dtA·l) for every
// (n, l); we compute e^{z·(64m + j)} = e^{64m·z}·e^{j·z} from two short exact tables, one complex
// product per entry, so the rounding stays at a few ulp for any L (repeated multiplication by Ā
// would drift linearly in l).
import {
  allocLike,
  type ComplexArray,
  complexLike,
  type DiscretizeMethod,
  discretizeComplexDiagArray,
  type FloatArray,
} from '@seqmod/discretize';
import { ShapeError } from '@seqmod/tensor';
import { checkKernelLength } from './kernel-dense';

const BLOCK = 64;

/**
 * K[l] = 2 Re Σ_n W_n e^{l·z_n}, l < L. z, W: [N2] complex -> K: [L] (element type of z.re).
 * `into` (optional, length ≥ offset + L) receives the result at `offset`.
 */
export function vandermondeKernelArray(
  z: ComplexArray,
  W: ComplexArray,
  L: number,
  into?: FloatArray,
  offset = 0,
): FloatArray {
  const op = 'vandermondeKernel';
  const N = z.re.length;
  if (z.im.length !== N || W.re.length !== N || W.im.length !== N) {
    throw new ShapeError(
      op,
      `z and W must both be [${N}] complex, got [${z.im.length}] and [${W.re.length}]/[${W.im.length}]`,
    );
  }
  checkKernelLength(op, L);
  const K = into ?? allocLike(z.re, L);
  // Accumulate in float64 and store once, so float32 outputs round only at the end.
  const acc = new Float64Array(L);
  const lowRe = new Float64Array(BLOCK);
  const lowIm = new Float64Array(BLOCK);
  for (let n = 0; n < N; n++) {
    const zr = z.re[n];
    const zi = z.im[n];
    const wr = W.re[n];
    const wi = W.im[n];
    if (wr === 0 && wi === 0) continue;
    for (let j = 0; j < BLOCK; j++) {
      const r = Math.exp(j * zr);
      lowRe[j] = r * Math.cos(j * zi);
      lowIm[j] = r * Math.sin(j * zi);
    }
    for (let m = 0; m * BLOCK < L; m++) {
      const t = m * BLOCK;
      const r = Math.exp(t * zr);
      // base = W·e^{t·z}
      const er = r * Math.cos(t * zi);
      const ei = r * Math.sin(t * zi);
      const br = wr * er - wi * ei;
      const bi = wr * ei + wi * er;
      const end = Math.min(BLOCK, L - t);
      for (let j = 0; j < end; j++) acc[t + j] += 2 * (br * lowRe[j] - bi * lowIm[j]);
    }
  }
  for (let l = 0; l < L; l++) K[offset + l] = acc[l];
  return K;
}

/**
 * Kernel of a complex diagonal system: λ, B, C: [N2] complex, Δ, L -> K: [L],
 * K[l] = 2 Re Σ_n C_n Ā_n^l B̄_n, by `method` (default ZOH).
 */
export function diagKernelArray(
  lambda: ComplexArray,
  B: ComplexArray,
  C: ComplexArray,
  dt: number,
  L: number,
  method: DiscretizeMethod = 'zoh',
  alpha?: number,
): FloatArray {
  const op = 'diagKernel';
  const N = lambda.re.length;
  if (B.re.length !== N || C.re.length !== N || C.im.length !== N) {
    throw new ShapeError(
      op,
      `B and C must be [${N}] complex like lambda, got [${B.re.length}] and [${C.re.length}]`,
    );
  }
  const { Ab, Bb } = discretizeComplexDiagArray(lambda, B, dt, method, alpha);
  const z = complexLike(lambda.re, N);
  const W = complexLike(lambda.re, N);
  for (let n = 0; n < N; n++) {
    // z = log Ā (principal branch; any branch gives the same integer powers).
    z.re[n] = Math.log(Math.hypot(Ab.re[n], Ab.im[n]));
    z.im[n] = Math.atan2(Ab.im[n], Ab.re[n]);
    W.re[n] = C.re[n] * Bb.re[n] - C.im[n] * Bb.im[n];
    W.im[n] = C.re[n] * Bb.im[n] + C.im[n] * Bb.re[n];
  }
  return vandermondeKernelArray(z, W, L);
}

/**
 * The S4D kernel (B folded into C, ZOH), batched over H channels:
 * log Δ: [H], A: [H, N2] complex, C: [H, N2] complex, L -> K: [H, L],
 * K[h, l] = 2 Re Σ_n C[h,n]·(e^{Δ_h A[h,n]} − 1)/A[h,n]·e^{Δ_h A[h,n] l}.
 */
export function s4dKernelArray(logDt: FloatArray, A: ComplexArray, C: ComplexArray, L: number): FloatArray {
  const op = 's4dKernel';
  const H = logDt.length;
  const total = A.re.length;
  if (H === 0 ? total !== 0 : total % H !== 0) {
    throw new ShapeError(op, `A must be [${H}, N2] to match log_dt [${H}], got ${total} entries`);
  }
  if (A.im.length !== total || C.re.length !== total || C.im.length !== total) {
    throw new ShapeError(op, `A and C must have the same shape, got ${total} and ${C.re.length} entries`);
  }
  checkKernelLength(op, L);
  const N2 = H === 0 ? 0 : total / H;
  const K = allocLike(logDt, H * L);
  const z = { re: new Float64Array(N2), im: new Float64Array(N2) };
  const W = { re: new Float64Array(N2), im: new Float64Array(N2) };
  for (let h = 0; h < H; h++) {
    const dt = Math.exp(logDt[h]);
    const lam = { re: A.re.subarray(h * N2, (h + 1) * N2), im: A.im.subarray(h * N2, (h + 1) * N2) };
    const c = { re: C.re.subarray(h * N2, (h + 1) * N2), im: C.im.subarray(h * N2, (h + 1) * N2) };
    const { Bb } = discretizeComplexDiagArray(
      lam,
      { re: new Float64Array(N2).fill(1), im: new Float64Array(N2) },
      dt,
      'zoh',
    );
    for (let n = 0; n < N2; n++) {
      z.re[n] = dt * lam.re[n];
      z.im[n] = dt * lam.im[n];
      W.re[n] = c.re[n] * Bb.re[n] - c.im[n] * Bb.im[n];
      W.im[n] = c.re[n] * Bb.im[n] + c.im[n] * Bb.re[n];
    }
    vandermondeKernelArray(z, W, L, K, h * L);
  }
  return K;
}

/**
 * The adjoint of `vandermondeKernelArray` for a real loss with G = ∂loss/∂K: [L]. With
 * V_l = e^{l z}: ∂loss/∂W = 2 Σ_l G_l conj(V_l), ∂loss/∂z = 2 conj(W) Σ_l G_l·l·conj(V_l)
 * (complex gradients as ∂/∂Re + i ∂/∂Im). z, W: [N2] complex, G: [L] -> (gz, gW): [N2] complex.
 */
export function vandermondeBackwardArray(
  z: ComplexArray,
  W: ComplexArray,
  G: ArrayLike<number>,
  gz: ComplexArray,
  gW: ComplexArray,
  offset = 0,
): void {
  const N = z.re.length;
  const L = G.length;
  const lowRe = new Float64Array(BLOCK);
  const lowIm = new Float64Array(BLOCK);
  for (let n = 0; n < N; n++) {
    const zr = z.re[n];
    const zi = z.im[n];
    for (let j = 0; j < BLOCK; j++) {
      const r = Math.exp(j * zr);
      lowRe[j] = r * Math.cos(j * zi);
      lowIm[j] = r * Math.sin(j * zi);
    }
    let s0r = 0;
    let s0i = 0;
    let s1r = 0;
    let s1i = 0;
    for (let m = 0; m * BLOCK < L; m++) {
      const t = m * BLOCK;
      const r = Math.exp(t * zr);
      const er = r * Math.cos(t * zi);
      const ei = r * Math.sin(t * zi);
      const end = Math.min(BLOCK, L - t);
      for (let j = 0; j < end; j++) {
        const g = G[t + j]!;
        if (g === 0) continue;
        // V = e^{tz}·e^{jz}; accumulate G·conj(V) and G·l·conj(V)
        const vr = er * lowRe[j] - ei * lowIm[j];
        const vi = er * lowIm[j] + ei * lowRe[j];
        s0r += g * vr;
        s0i -= g * vi;
        s1r += g * (t + j) * vr;
        s1i -= g * (t + j) * vi;
      }
    }
    gW.re[offset + n] = 2 * s0r;
    gW.im[offset + n] = 2 * s0i;
    // 2 conj(W)·S1
    const wr = W.re[n];
    const wi = -W.im[n];
    gz.re[offset + n] = 2 * (wr * s1r - wi * s1i);
    gz.im[offset + n] = 2 * (wr * s1i + wi * s1r);
  }
}
