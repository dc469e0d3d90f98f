// Moving data between tensors and the float64 arrays the transforms run on.
import { type DType, fmtShape, ShapeError, Tensor } from '@seqmod/tensor';

/**
 * The values of t in row-major order as float64. A contiguous float64 tensor is returned as a view
 * of its storage (no copy), so callers must only read it.
 */
export function readFloat64(t: Tensor): Float64Array {
  if (t.dtype === 'float64' && t.isContiguous()) {
    return (t.data as Float64Array).subarray(t.offset, t.offset + t.size);
  }
  const a = t.toArray();
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

/** A contiguous tensor of `dtype` holding `data` (float64 is used without a copy). */
export function tensorOf(data: Float64Array, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(dtype === 'float64' ? data : Float32Array.from(data), shape);
}

/** The length of the last axis; ShapeError for a 0-d tensor. */
export function lastAxis(op: string, shape: readonly number[]): number {
  if (shape.length === 0)
    throw new ShapeError(op, `expected at least one axis, got a 0-d tensor ${fmtShape(shape)}`);
  return shape[shape.length - 1];
}

/** `shape` with its last axis replaced by `n`. */
export function withLastAxis(shape: readonly number[], n: number): number[] {
  return [...shape.slice(0, -1), n];
}

/** The number of rows along the last axis: the product of every other axis. */
export function leadingSize(shape: readonly number[]): number {
  let r = 1;
  for (let i = 0; i < shape.length - 1; i++) r *= shape[i];
  return r;
}
