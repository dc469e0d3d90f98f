// Copies between whole host arrays and block slices. A row-major [P, Q, X] array is cut along
// P (batch rows) and X (channels); the middle axis (time) stays whole.

/** src [P, Q, X] -> Float32Array [p1 − p0, Q, x1 − x0]. */
export function sliceBlock(
  src: ArrayLike<number>,
  Q: number,
  X: number,
  p0: number,
  p1: number,
  x0: number,
  x1: number,
): Float32Array {
  const w = x1 - x0;
  const out = new Float32Array((p1 - p0) * Q * w);
  let o = 0;
  for (let p = p0; p < p1; p++) {
    for (let q = 0; q < Q; q++) {
      const base = (p * Q + q) * X + x0;
      if (src instanceof Float32Array || src instanceof Float64Array) {
        out.set(src.subarray(base, base + w), o);
        o += w;
      } else {
        for (let x = 0; x < w; x++) out[o++] = src[base + x]!;
      }
    }
  }
  return out;
}

/** dst [P, Q, X] ← (or += when `add`) block [p1 − p0, Q, x1 − x0]. */
export function scatterBlock(
  dst: Float32Array | Float64Array,
  block: ArrayLike<number>,
  Q: number,
  X: number,
  p0: number,
  p1: number,
  x0: number,
  x1: number,
  add = false,
): void {
  const w = x1 - x0;
  let o = 0;
  for (let p = p0; p < p1; p++) {
    for (let q = 0; q < Q; q++) {
      const base = (p * Q + q) * X + x0;
      if (add) for (let x = 0; x < w; x++) dst[base + x]! += block[o++]!;
      else for (let x = 0; x < w; x++) dst[base + x] = block[o++]!;
    }
  }
}
