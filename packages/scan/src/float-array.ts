// The storage the reference kernels work on: a kernel allocates its results with the element
// type of its inputs, so float32 inputs are rounded to float32 at every store and float64 inputs
// stay float64 (the gpu.js kernels always compute in float32).

export type FloatArray = Float32Array | Float64Array;

export type ScanDType = 'float32' | 'float64';

/** A zeroed array of length `n` in `dtype`. */
export function allocFloat(dtype: ScanDType, n: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

/** The dtype of a float typed array. */
export function dtypeOfArray(a: FloatArray): ScanDType {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** `src` as a Float32Array: the same object when it already is one, else a rounded copy. */
export function asFloat32(src: ArrayLike<number>): Float32Array {
  return src instanceof Float32Array ? src : Float32Array.from(src);
}
