// The Vandermonde kernel and the S4D kernel as differentiable Tensor ops.
//
// Glossary: z = log Ā: [..., N2] complex (Δ·A for ZOH), W = C∘B̄: [..., N2] complex,
// K[..., l] = 2 Re Σ_n W_n e^{l z_n}: [..., L]; log Δ: [H]; A, C: [H, N2] complex.
// The Vandermonde product is a custom op (forward and adjoint on raw arrays, kernel-diagonal.ts),
// so the tape holds O(H·N2) values instead of the [H, N2, L] powers; everything around it (Δ, the
// ZOH factor (e^{ΔA} − 1)/A) is composed from tensor ops and differentiated by autograd.
// Reference matched: state-spaces/s4 `s4d.py` (S4DKernel.forward) and the s4d_kernel fixtures.
import { discretizeDiag } from '@seqmod/discretize';
import {
  allocate,
  type ComplexTensor,
  cmul,
  exp,
  fmtShape,
  recordOp,
  ShapeError,
  Tensor,
  unsqueeze,
} from '@seqmod/tensor';
import { checkKernelLength } from './kernel-dense';
import { vandermondeBackwardArray, vandermondeKernelArray } from './kernel-diagonal';

/**
 * K[..., l] = 2 Re Σ_n W[..., n] e^{l·z[..., n]}, l < L. z, W: [..., N2] complex -> K: [..., L].
 * Differentiable in z and W.
 */
export function vandermonde(z: ComplexTensor, W: ComplexTensor, L: number): Tensor {
  const op = 'vandermonde';
  checkKernelLength(op, L);
  if (z.ndim < 1 || z.shape.join() !== W.shape.join()) {
    throw new ShapeError(
      op,
      `z and W must share a shape [..., N2], got ${fmtShape(z.shape)} and ${fmtShape(W.shape)}`,
    );
  }
  const N2 = z.shape[z.ndim - 1]!;
  const rows = N2 === 0 ? 0 : z.size / N2;
  const zr = z.re.toArray();
  const zi = z.im.toArray();
  const wr = W.re.toArray();
  const wi = W.im.toArray();
  const out = allocate(z.dtype, rows * L);
  const row = (a: Float32Array | Float64Array, h: number) => a.subarray(h * N2, (h + 1) * N2);
  for (let h = 0; h < rows; h++) {
    vandermondeKernelArray(
      { re: row(zr, h), im: row(zi, h) },
      { re: row(wr, h), im: row(wi, h) },
      L,
      out,
      h * L,
    );
  }
  const K = new Tensor(out, [...z.shape.slice(0, -1), L]);
  recordOp(op, [z.re, z.im, W.re, W.im], [K], ([g]) => {
    if (!g) return [null, null, null, null];
    const G = g.toArray();
    const gz = { re: allocate(z.dtype, z.size), im: allocate(z.dtype, z.size) };
    const gW = { re: allocate(z.dtype, z.size), im: allocate(z.dtype, z.size) };
    for (let h = 0; h < rows; h++) {
      vandermondeBackwardArray(
        { re: row(zr, h), im: row(zi, h) },
        { re: row(wr, h), im: row(wi, h) },
        G.subarray(h * L, (h + 1) * L),
        gz,
        gW,
        h * N2,
      );
    }
    const t = (a: Float32Array | Float64Array) => new Tensor(a, z.shape);
    return [t(gz.re), t(gz.im), t(gW.re), t(gW.im)];
  });
  return K;
}

/**
 * The S4D convolution kernel (ZOH, B folded into C):
 * log Δ: [H], A: [H, N2] complex, C: [H, N2] complex, L -> K: [H, L],
 * K[h, l] = 2 Re Σ_n C[h,n]·(e^{Δ_h A[h,n]} − 1)/A[h,n]·e^{Δ_h A[h,n] l}, Δ = exp(log Δ).
 * Differentiable in log Δ, A and C.
 */
export function s4dKernel(logDt: Tensor, A: ComplexTensor, C: ComplexTensor, L: number): Tensor {
  const op = 's4dKernel';
  if (A.ndim !== 2 || logDt.ndim !== 1 || logDt.shape[0] !== A.shape[0]) {
    throw new ShapeError(
      op,
      `expected log_dt [H] and A [H, N2], got ${fmtShape(logDt.shape)} and ${fmtShape(A.shape)}`,
    );
  }
  if (C.shape.join() !== A.shape.join()) {
    throw new ShapeError(op, `C must match A ${fmtShape(A.shape)}, got ${fmtShape(C.shape)}`);
  }
  const dt = exp(logDt);
  const z = cmul(A, unsqueeze(dt, -1));
  const W = discretizeDiag(A, C, dt, { method: 'zoh' }).Bb;
  return vandermonde(z, W, L);
}
