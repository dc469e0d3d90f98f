// fft, ifft, rfft, irfft on tensors: transforms along the last axis, batched over the others,
// differentiable through autograd.
//
// Glossary
//   m        length of the input's last axis
//   n        transform length (numpy's `n`: the input is zero-padded or truncated from m to n)
//   h        ⌊n/2⌋, so a real transform has h + 1 bins
//   F        the n-point DFT matrix, F_jk = exp(-2πi·jk/n); symmetric, F⁻¹ = conj(F)/n
//   g, G     the gradient of a real loss with respect to an output (real or complex)
// Gradients of a real loss L with respect to a complex tensor are carried as (∂L/∂re, ∂L/∂im), the
// convention of ComplexTensor. With that, for the linear maps here:
//   y = F x          ->  ∂x = conj(F) g = n·ifft(g)
//   y = F⁻¹ x        ->  ∂x = F g / n = fft(g)/n
//   y = rfft(x)      ->  ∂x = n·irfft(w ⊙ G), w_k = 1/2 except w_0 = 1 and (even n) w_h = 1
//   y = irfft(X, n)  ->  ∂X_k = (c_k/n)·rfft(g)_k for k <= h, c_k = 2 except c_0 = 1 and (even n)
//                        c_h = 1; 0 for the bins past h that irfft ignores
// and padding or truncation passes gradients back to the kept samples (zeros elsewhere).
// Reference: numpy.fft.fft / ifft / rfft / irfft (numpy 1.24) along axis -1.
import { ComplexTensor, recordOp, type Tensor } from '@seqmod/tensor';
import { ValueError } from './errors';
import { fftRows, irfftRows, resizeRows, rfftRows } from './row-transforms';
import { lastAxis, leadingSize, readFloat64, tensorOf, withLastAxis } from './tensor-io';

function transformLength(op: string, n: number | undefined, fallback: number): number {
  const len = n ?? fallback;
  if (!Number.isInteger(len) || len < 1) {
    throw new ValueError(
      op,
      n === undefined
        ? `the last axis must hold at least one point to transform, got ${fallback}`
        : `n must be an integer >= 1, got ${String(n)}`,
    );
  }
  return len;
}

/** A fresh copy of rows of length m resized to n (the transforms below work in place on it). */
function freshRows(x: Float64Array, rows: number, m: number, n: number): Float64Array {
  return m === n ? x.slice() : resizeRows(x, rows, m, n);
}

/** Values of a gradient (or zeros when that output got none), as float64. */
function gradValues(g: Tensor | null, size: number): Float64Array {
  return g === null ? new Float64Array(size) : readFloat64(g);
}

function complexTransform(
  op: string,
  x: ComplexTensor,
  n: number | undefined,
  inverse: boolean,
): ComplexTensor {
  const m = lastAxis(op, x.shape);
  const len = transformLength(op, n, m);
  const rows = leadingSize(x.shape);
  const outShape = withLastAxis(x.shape, len);
  const re = freshRows(readFloat64(x.re), rows, m, len);
  const im = freshRows(readFloat64(x.im), rows, m, len);
  fftRows(re, im, rows, len, inverse, re, im);
  const y = new ComplexTensor(tensorOf(re, outShape, x.dtype), tensorOf(im, outShape, x.dtype));
  recordOp(op, [x.re, x.im], [y.re, y.im], ([gRe, gIm]) => {
    // fft: ∂x = n·ifft(g); ifft: ∂x = fft(g)/n; then back from n to m samples.
    const size = rows * len;
    const br = gradValues(gRe, size).slice();
    const bi = gradValues(gIm, size).slice();
    fftRows(br, bi, rows, len, !inverse, br, bi);
    const s = inverse ? 1 / len : len;
    for (let k = 0; k < size; k++) {
      br[k] *= s;
      bi[k] *= s;
    }
    return [
      tensorOf(resizeRows(br, rows, len, m), x.shape, x.dtype),
      tensorOf(resizeRows(bi, rows, len, m), x.shape, x.dtype),
    ];
  });
  return y;
}

/**
 * Complex DFT along the last axis: `x: [..., m] -> [..., n]` (n defaults to m; zero-pads or
 * truncates). Matches numpy.fft.fft(x, n, axis=-1). float32 tensors are computed in float64.
 */
export function fft(x: ComplexTensor, n?: number): ComplexTensor {
  return complexTransform('fft', x, n, false);
}

/** Inverse complex DFT (scaled by 1/n) along the last axis: `x: [..., m] -> [..., n]`. numpy.fft.ifft. */
export function ifft(x: ComplexTensor, n?: number): ComplexTensor {
  return complexTransform('ifft', x, n, true);
}

/**
 * DFT of a real signal along the last axis: `x: [..., m] -> [..., ⌊n/2⌋ + 1]` complex (n defaults
 * to m; zero-pads or truncates). Matches numpy.fft.rfft(x, n, axis=-1).
 */
export function rfft(x: Tensor, n?: number): ComplexTensor {
  const op = 'rfft';
  const m = lastAxis(op, x.shape);
  const len = transformLength(op, n, m);
  const rows = leadingSize(x.shape);
  const bins = (len >> 1) + 1;
  const outShape = withLastAxis(x.shape, bins);
  const re = new Float64Array(rows * bins);
  const im = new Float64Array(rows * bins);
  rfftRows(resizeRows(readFloat64(x), rows, m, len), rows, len, re, im);
  const y = new ComplexTensor(tensorOf(re, outShape, x.dtype), tensorOf(im, outShape, x.dtype));
  recordOp(op, [x], [y.re, y.im], ([gRe, gIm]) => {
    // ∂x = n·irfft(w ⊙ G, n): the bins a real spectrum holds once count once, the rest twice.
    const size = rows * bins;
    const gr = gradValues(gRe, size).slice();
    const gi = gradValues(gIm, size).slice();
    const h = len >> 1;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < bins; k++) {
        const w = k === 0 || (len % 2 === 0 && k === h) ? len : len / 2;
        gr[r * bins + k] *= w;
        gi[r * bins + k] *= w;
      }
    }
    const gx = new Float64Array(rows * len);
    irfftRows(gr, gi, rows, bins, len, gx);
    // irfft drops the imaginary parts of bins 0 and h, as ∂x must: their sines vanish.
    return [tensorOf(resizeRows(gx, rows, len, m), x.shape, x.dtype)];
  });
  return y;
}

/**
 * Inverse of rfft along the last axis: `X: [..., m] complex -> [..., n]` real, from the first
 * ⌊n/2⌋ + 1 bins (zero-padded when m is smaller); n defaults to 2(m - 1). The imaginary parts of
 * bin 0 and (even n) bin n/2 are ignored. Matches numpy.fft.irfft(X, n, axis=-1).
 */
export function irfft(X: ComplexTensor, n?: number): Tensor {
  const op = 'irfft';
  const m = lastAxis(op, X.shape);
  const len = transformLength(op, n, 2 * (m - 1));
  const rows = leadingSize(X.shape);
  const outShape = withLastAxis(X.shape, len);
  const out = new Float64Array(rows * len);
  irfftRows(readFloat64(X.re), readFloat64(X.im), rows, m, len, out);
  const y = tensorOf(out, outShape, X.dtype);
  recordOp(op, [X.re, X.im], [y], ([g]) => {
    // ∂X_k = (c_k/n)·rfft(g)_k for the bins irfft used, 0 for the rest.
    const bins = (len >> 1) + 1;
    const gr = new Float64Array(rows * bins);
    const gi = new Float64Array(rows * bins);
    rfftRows(gradValues(g, rows * len), rows, len, gr, gi);
    const h = len >> 1;
    const xr = new Float64Array(rows * m);
    const xi = new Float64Array(rows * m);
    const used = Math.min(m, bins);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < used; k++) {
        const c = (k === 0 || (len % 2 === 0 && k === h) ? 1 : 2) / len;
        xr[r * m + k] = c * gr[r * bins + k];
        xi[r * m + k] = c * gi[r * bins + k];
      }
    }
    return [tensorOf(xr, X.shape, X.dtype), tensorOf(xi, X.shape, X.dtype)];
  });
  return y;
}
