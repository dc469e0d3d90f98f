// Small O(n) loops on complex arrays shared by the plans. Each is its own function so that V8
// optimises it on its own, independent of the (cold or polymorphic) code around the call.

/** Split x[xo .. xo+n) -> interleaved y[0 .. 2n). */
export function interleave(xr: Float64Array, xi: Float64Array, xo: number, y: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    y[2 * j] = xr[xo + j];
    y[2 * j + 1] = xi[xo + j];
  }
}

/** Interleaved x[0 .. 2n) -> split y[yo .. yo+n). */
export function deinterleave(
  x: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  n: number,
): void {
  for (let j = 0; j < n; j++) {
    yr[yo + j] = x[2 * j];
    yi[yo + j] = x[2 * j + 1];
  }
}

/** Multiplies x[0 .. n) and y[0 .. n) by s. */
export function scalePair(x: Float64Array, y: Float64Array, n: number, s: number): void {
  for (let k = 0; k < n; k++) {
    x[k] *= s;
    y[k] *= s;
  }
}
