// The typed-array API: one transform per call on Float64Array/Float32Array data, through the shared
// plans. For many rows at once, or autograd, use the tensor API (tensor-transforms.ts, fftconv.ts).
//
// Glossary
//   n        transform length; re/im arrays of a complex signal have length n
//   bins     ⌊n/2⌋ + 1, the length of a real signal's spectrum
// Output arrays take the dtype of the input (float32 in, float32 out; computed in float64).
import { pairRows } from './broadcast-rows';
import { causalConvRows } from './causal-conv';
import { DTypeError, ShapeError, ValueError } from './errors';
import { checkLength, type FloatArray, isFloatArray } from './float-array';
import { getPlan, getRealPlan } from './plan-cache';

function like(x: FloatArray, n: number): FloatArray {
  return x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

function checkPair(op: string, re: unknown, im: unknown): number {
  if (!isFloatArray(re) || !isFloatArray(im)) {
    throw new DTypeError(op, 're and im must be Float64Array or Float32Array');
  }
  if (re.length !== im.length) throw new ShapeError(op, `re has length ${re.length} but im has ${im.length}`);
  return checkLength(op, re.length);
}

/**
 * Complex DFT of `re, im: [n]`, in place, or into `outRe, outIm: [n]` when given. numpy.fft.fft.
 */
export function fftArrays(
  re: FloatArray,
  im: FloatArray,
  outRe: FloatArray = re,
  outIm: FloatArray = im,
): void {
  getPlan(checkPair('fftArrays', re, im)).forward(re, im, outRe, outIm);
}

/** Inverse complex DFT (scaled by 1/n) of `re, im: [n]`, in place or into `outRe, outIm`. numpy.fft.ifft. */
export function ifftArrays(
  re: FloatArray,
  im: FloatArray,
  outRe: FloatArray = re,
  outIm: FloatArray = im,
): void {
  getPlan(checkPair('ifftArrays', re, im)).inverse(re, im, outRe, outIm);
}

/**
 * DFT of a real signal: `x: [m] -> { re, im }: [⌊n/2⌋ + 1]`, x zero-padded or truncated to n
 * (default m). numpy.fft.rfft(x, n).
 */
export function rfftArrays(x: FloatArray, n: number = x.length): { re: FloatArray; im: FloatArray } {
  const op = 'rfftArrays';
  if (!isFloatArray(x)) throw new DTypeError(op, 'x must be a Float64Array or Float32Array');
  const plan = getRealPlan(checkLength(op, n));
  let src: FloatArray = x;
  if (x.length !== n) {
    src = like(x, n);
    src.set(x.subarray(0, Math.min(x.length, n)));
  }
  const re = like(x, plan.bins);
  const im = like(x, plan.bins);
  plan.forward(src, re, im);
  return { re, im };
}

/**
 * Inverse of rfftArrays: `re, im: [m] -> [n]` real, from the first ⌊n/2⌋ + 1 bins (zero-padded
 * when m is smaller); n defaults to 2(m - 1). numpy.fft.irfft(X, n).
 */
export function irfftArrays(re: FloatArray, im: FloatArray, n?: number): FloatArray {
  const op = 'irfftArrays';
  if (!isFloatArray(re) || !isFloatArray(im))
    throw new DTypeError(op, 're and im must be Float64Array or Float32Array');
  if (re.length !== im.length) throw new ShapeError(op, `re has length ${re.length} but im has ${im.length}`);
  const len = n ?? 2 * (re.length - 1);
  if (n === undefined && len < 1) {
    throw new ValueError(op, `n cannot default to 2(m - 1) = ${len} for m = ${re.length} bins; pass n`);
  }
  const plan = getRealPlan(checkLength(op, len));
  const out = like(re, len);
  plan.inverseAt(re, im, 0, re.length, out, 0);
  return out;
}

/**
 * Causal linear convolution `y[t] = Σ_{s<=t} k[s]·u[t-s]`: `u: [L], k: [Lk] -> y: [L]` by FFT
 * (numpy.convolve(u, k)[:L]). y takes u's dtype.
 */
export function fftconvArrays(u: FloatArray, k: FloatArray): FloatArray {
  const op = 'fftconvArrays';
  if (!isFloatArray(u) || !isFloatArray(k))
    throw new DTypeError(op, 'u and k must be Float64Array or Float32Array');
  const L = checkLength(op, u.length);
  const Lk = checkLength(op, k.length);
  const f64 = (a: FloatArray) => (a instanceof Float64Array ? a : Float64Array.from(a));
  const { y } = causalConvRows(f64(u), 1, L, f64(k), 1, Lk, pairRows(op, [], []));
  if (u instanceof Float64Array) return y;
  return Float32Array.from(y);
}
