// Matrix product with NumPy/PyTorch `matmul` semantics: batched over broadcast leading axes,
// 1-D operands promoted to a row (left) or a column (right) and that axis dropped again.
// Transposed views are read through strides, never copied: the gemm kernels take strides.
import { recordOp } from './autograd';
import { allocate, sameDType } from './dtype';
import { fmtShape, ShapeError } from './errors';
import { gemmF32, gemmF64 } from './kernels/gemm';
import { sumTo } from './reduce';
import { broadcastShapes, broadcastStrides, contiguousStrides, sizeOf } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';
import { squeeze, transpose, unsqueeze } from './views';

/** a: [..., m, k] · b: [..., k, n] -> [..., m, n] (1-D a: [k], 1-D b: [k]). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(
      'matmul',
      `operands must have at least one dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`,
    );
  }
  if (a.ndim === 1 && b.ndim === 1) return squeeze(matmulNd(unsqueeze(a, 0), unsqueeze(b, 1)), [0, 1]);
  if (a.ndim === 1) return squeeze(matmulNd(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmulNd(a, unsqueeze(b, 1)), -1);
  return matmulNd(a, b);
}

/** Both operands at least 2-D. */
function matmulNd(a: Tensor, b: Tensor): Tensor {
  const dtype = sameDType('matmul', a.dtype, b.dtype);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  if (k !== k2) {
    throw new ShapeError(
      'matmul',
      `inner dimensions differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)} (${k} vs ${k2})`,
    );
  }
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batch, m, n];
  const out = allocate(dtype, sizeOf(outShape));
  const aBatch = broadcastStrides(a.shape.slice(0, -2), a.strides.slice(0, -2), batch);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), b.strides.slice(0, -2), batch);
  const oBatch = contiguousStrides(batch).map((s) => s * m * n);
  const [ars, acs] = a.strides.slice(-2) as [number, number];
  const [brs, bcs] = b.strides.slice(-2) as [number, number];
  if (m * n > 0) {
    // sameDType above guarantees that a, b and out hold one array type.
    const run =
      dtype === 'float64'
        ? (ao: number, bo: number, oo: number) =>
            gemmF64(
              m,
              n,
              k,
              a.data as Float64Array,
              ao,
              ars,
              acs,
              b.data as Float64Array,
              bo,
              brs,
              bcs,
              out as Float64Array,
              oo,
              n,
              false,
            )
        : (ao: number, bo: number, oo: number) =>
            gemmF32(
              m,
              n,
              k,
              a.data as Float32Array,
              ao,
              ars,
              acs,
              b.data as Float32Array,
              bo,
              brs,
              bcs,
              out as Float32Array,
              oo,
              n,
              false,
            );
    if (batch.length === 0) run(a.offset, b.offset, 0);
    else {
      forEachRow(batch, [aBatch, bBatch, oBatch], [a.offset, b.offset, 0], (p, len, s) => {
        for (let i = 0; i < len; i++) run(p[0]! + i * s[0]!, p[1]! + i * s[1]!, p[2]! + i * s[2]!);
      });
    }
  }
  const result = new Tensor(out, outShape);
  recordOp('matmul', [a, b], [result], ([g]) => [
    a.requiresGrad ? sumTo(matmulNd(g!, transpose(b)), a.shape) : null,
    b.requiresGrad ? sumTo(matmulNd(transpose(a), g!), b.shape) : null,
  ]);
  return result;
}
