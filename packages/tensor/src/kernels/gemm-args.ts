// The operands of one matrix product C (+)= A·B, as the kernels pass them around internally.
// Element (i, p) of A is a[aOffset + i·aRowStride + p·aColStride]; B likewise; C is row-major
// with row stride cRowStride and unit column stride.

/** A float typed array the kernels compute on. */
export type FloatArray = Float32Array | Float64Array;

export interface GemmArgs<T extends FloatArray> {
  m: number;
  n: number;
  k: number;
  a: T;
  aOffset: number;
  aRowStride: number;
  aColStride: number;
  b: T;
  bOffset: number;
  bRowStride: number;
  bColStride: number;
  c: T;
  cOffset: number;
  cRowStride: number;
  /** true: C += A·B; false: C = A·B (C's previous contents, even NaN, are ignored). */
  accumulate: boolean;
}
