// softmax, log-softmax and log-sum-exp along an axis, shifted by the maximum so that no
// exponential overflows (the log-sum-exp trick).
import { recordOp } from './autograd';
import { allocate } from './dtype';
import { mul, sub } from './elementwise';
import { sum } from './reduce';
import { normalizeAxes, normalizeAxis } from './shape';
import { Tensor } from './tensor';
import { contiguous, expand, permute, reshape } from './views';

type RowKernel = (src: ArrayLike<number>, dst: Float32Array | Float64Array, base: number, n: number) => void;

/** Moves `axis` last, runs `kernel` on each contiguous row, and moves it back. */
function alongAxis(x: Tensor, axis: number, kernel: RowKernel): Tensor {
  const a = normalizeAxis('softmax', axis, x.ndim);
  const last = x.ndim - 1;
  const order = Array.from({ length: x.ndim }, (_, i) => i);
  order[a] = last;
  order[last] = a;
  const moved = a === last ? contiguous(x) : contiguous(permute(x.detach(), order));
  const n = x.shape[a]!;
  const out = allocate(x.dtype, x.size);
  const src = moved.data.subarray(moved.offset, moved.offset + moved.size);
  for (let base = 0; base < out.length; base += n) kernel(src, out, base, n);
  const res = new Tensor(out, moved.shape);
  return a === last ? res : contiguous(permute(res, order));
}

const softmaxRow: RowKernel = (src, dst, base, n) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (src[base + i]! > m) m = src[base + i]!;
  if (m === Number.NEGATIVE_INFINITY) m = 0; // an all −∞ row (fully masked) gives NaN, not a silent value
  let z = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(src[base + i]! - m);
    dst[base + i] = e;
    z += e;
  }
  const inv = 1 / z;
  for (let i = 0; i < n; i++) dst[base + i]! *= inv;
};

const logSoftmaxRow: RowKernel = (src, dst, base, n) => {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (src[base + i]! > m) m = src[base + i]!;
  if (m === Number.NEGATIVE_INFINITY) m = 0;
  let z = 0;
  for (let i = 0; i < n; i++) z += Math.exp(src[base + i]! - m);
  const lse = m + Math.log(z);
  for (let i = 0; i < n; i++) dst[base + i] = src[base + i]! - lse;
};

/** softmax(x)_i = e^{x_i} / Σ_j e^{x_j} along `axis`. */
export function softmax(x: Tensor, axis = -1): Tensor {
  const out = alongAxis(x, axis, softmaxRow);
  recordOp('softmax', [x], [out], ([g]) => {
    const gs = mul(g!, out);
    return [sub(gs, mul(out, sum(gs, axis, true)))];
  });
  return out;
}

/** log softmax along `axis`, computed as x − logsumexp(x) (never log of a rounded-to-zero softmax). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const out = alongAxis(x, axis, logSoftmaxRow);
  recordOp('logSoftmax', [x], [out], ([g]) => {
    const p = alongAxis(x, axis, softmaxRow);
    return [sub(g!, mul(p, sum(g!, axis, true)))];
  });
  return out;
}

/** log Σ e^{x} over `axes` (all when omitted). */
export function logsumexp(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes('logsumexp', axes, x.ndim);
  // Reduce over several axes by moving them last and flattening them into one.
  const rest = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => !ax.includes(i));
  const moved = contiguous(permute(x.detach(), [...rest, ...ax]));
  const outerShape = rest.map((i) => x.shape[i]!);
  const n = ax.reduce((p, i) => p * x.shape[i]!, 1);
  const outer = outerShape.reduce((p, d) => p * d, 1);
  const vals = allocate(x.dtype, outer);
  const src = moved.data;
  for (let r = 0; r < outer; r++) {
    const base = moved.offset + r * n;
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) if (src[base + i]! > m) m = src[base + i]!;
    if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) {
      vals[r] = m;
      continue;
    }
    let z = 0;
    for (let i = 0; i < n; i++) z += Math.exp(src[base + i]! - m);
    vals[r] = m + Math.log(z);
  }
  const keptShape = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const out = new Tensor(vals, keepdims ? keptShape : outerShape);
  recordOp('logsumexp', [x], [out], ([g]) => {
    const lse = expand(reshape(out, keptShape), x.shape);
    const p = new Tensor(allocate(x.dtype, x.size), x.shape);
    const xs = contiguous(x.detach());
    const l = contiguous(lse);
    for (let i = 0; i < p.data.length; i++)
      p.data[i] = Math.exp(xs.data[xs.offset + i]! - l.data[l.offset + i]!);
    return [mul(expand(reshape(g!, keptShape), x.shape), p)];
  });
  return out;
}
