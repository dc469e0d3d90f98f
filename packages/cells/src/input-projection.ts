// The input side of every gate for all time steps at once: xp = x W_ihᵀ + b_ih, one gemm.
//
// A fused op rather than matmul + add: the bias is written into the output rows first and the
// gemm accumulates onto it, so there is no second pass over the [B·L, G·H] result, and the bias
// gradient is a plain column sum instead of a broadcasting reduction.
import {
  allocate,
  contiguous,
  DTypeError,
  fmtShape,
  gemmFor,
  recordOp,
  ShapeError,
  Tensor,
} from '@seqmod/tensor';
import { columnSums } from './column-sums';

/** x: [N, I], w: [M, I], b: [M] or null -> y: [N, M] = x wᵀ + b. Differentiable in all three. */
export function inputProjection(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const op = 'inputProjection';
  if (x.ndim !== 2 || w.ndim !== 2 || x.shape[1] !== w.shape[1]) {
    throw new ShapeError(
      op,
      `needs x [N, I] and w [M, I], got ${fmtShape(x.shape)} and ${fmtShape(w.shape)}`,
    );
  }
  const [N, I] = x.shape as [number, number];
  const M = w.shape[0]!;
  if (b && (b.ndim !== 1 || b.shape[0] !== M))
    throw new ShapeError(op, `bias must be [${M}], got ${fmtShape(b.shape)}`);
  for (const t of [w, b]) {
    if (t && t.dtype !== x.dtype)
      throw new DTypeError(op, `operands have different dtypes (${x.dtype} and ${t.dtype})`);
  }
  const gemm = gemmFor(x.data);
  const y = allocate(x.dtype, N * M);
  if (b) {
    const bias = b.toArray();
    for (let r = 0; r < N; r++) y.set(bias, r * M);
  }
  const xc = contiguous(x);
  const wc = contiguous(w);
  // wᵀ read through strides: element (p, j) of wᵀ is w[j, p] (row stride 1, column stride I).
  gemm(N, M, I, xc.data, xc.offset, I, 1, wc.data, wc.offset, 1, I, y, 0, M, b !== null);
  const out = new Tensor(y, [N, M]);
  const inputs = b ? [x, w, b] : [x, w];
  recordOp(op, inputs, [out], ([g]) => {
    const gc = contiguous(g!);
    let dx: Tensor | null = null;
    if (x.requiresGrad) {
      const d = allocate(x.dtype, N * I);
      gemm(N, I, M, gc.data, gc.offset, M, 1, wc.data, wc.offset, I, 1, d, 0, I, false);
      dx = new Tensor(d, [N, I]);
    }
    let dw: Tensor | null = null;
    if (w.requiresGrad) {
      const d = allocate(x.dtype, M * I);
      gemm(M, I, N, gc.data, gc.offset, 1, M, xc.data, xc.offset, I, 1, d, 0, I, false);
      dw = new Tensor(d, [M, I]);
    }
    const grads = [dx, dw];
    if (b) grads.push(b.requiresGrad ? columnSums(gc.data, gc.offset, N, M, b) : null);
    return grads;
  });
  return out;
}
