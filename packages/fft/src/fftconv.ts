// fftconv: causal linear convolution of tensors along the last axis by FFT, differentiable.
//
// Glossary (see causal-conv.ts for the algebra)
//   u        [..., L] signal        k   [..., Lk] kernel (taps past L never reach an output)
//   y        [..., L], y[t] = Σ_{s<=t} k[s]·u[t-s]; the leading axes of u and k broadcast
// This is the long convolution of S4-style layers: k of shape [H, L] against u of shape [B, H, L].
// Reference: numpy.convolve(u, k)[:L] per row (direct summation), the `fftconv` fixtures.
import { DTypeError, recordOp, type Tensor } from '@seqmod/tensor';
import { pairRows } from './broadcast-rows';
import { causalConvBackwardRows, causalConvRows } from './causal-conv';
import { ValueError } from './errors';
import { lastAxis, leadingSize, readFloat64, tensorOf } from './tensor-io';

/**
 * Causal convolution along the last axis: `u: [..., L], k: [..., Lk] -> y: [..., L]` with
 * y[t] = Σ_{s<=t} k[s]·u[t-s], leading axes broadcast (numpy rules), computed in O(L log L) by
 * zero-padded real FFTs (no wrap-around). Differentiable in u and k; float32 is computed in
 * float64. Matches numpy.convolve(u_row, k_row)[:L].
 */
export function fftconv(u: Tensor, k: Tensor): Tensor {
  const op = 'fftconv';
  if (u.dtype !== k.dtype) {
    throw new DTypeError(
      op,
      `u and k have different dtypes (${u.dtype} and ${k.dtype}); convert one with .to()`,
    );
  }
  const L = lastAxis(op, u.shape);
  const Lk = lastAxis(op, k.shape);
  if (L < 1 || Lk < 1)
    throw new ValueError(op, `u and k need at least one sample each, got lengths ${L} and ${Lk}`);
  const uLead = u.shape.slice(0, -1);
  const kLead = k.shape.slice(0, -1);
  const pairs = pairRows(op, uLead, kLead);
  const uRows = leadingSize(u.shape);
  const kRows = leadingSize(k.shape);
  const { y, spec } = causalConvRows(readFloat64(u), uRows, L, readFloat64(k), kRows, Lk, pairs);
  const out = tensorOf(y, [...pairs.shape, L], u.dtype);
  recordOp(op, [u, k], [out], ([g]) => {
    if (g === null) return [null, null];
    const { du, dk } = causalConvBackwardRows(
      readFloat64(g),
      spec,
      pairs,
      uRows,
      kRows,
      Lk,
      u.requiresGrad,
      k.requiresGrad,
    );
    return [du && tensorOf(du, u.shape, u.dtype), dk && tensorOf(dk, k.shape, k.dtype)];
  });
  return out;
}
