// The storage the array-level kernels work on. A kernel allocates its scratch and results with
// the constructor of its input, so float32 inputs are rounded to float32 at every store, exactly
// as a float32 Tensor would be, and float64 inputs stay float64.

export type FloatArray = Float32Array | Float64Array;

/** A fresh zeroed array of length `n` with the element type of `like`. */
export function allocLike(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** A copy of `src` with the element type of `like`. */
export function copyLike(like: FloatArray, src: ArrayLike<number>): FloatArray {
  const out = allocLike(like, src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i];
  return out;
}
