// max |x − ref| / (atol + rtol·|ref|): the error measure of every check against a float64
// reference (tests, the browser page, the GPU benchmarks); NaN and a length mismatch count as
// infinite. No Node imports, so that the browser page can bundle it.
export function ratio(x: ArrayLike<number>, ref: ArrayLike<number>, rtol = 1e-3, atol = 1e-4): number {
  if (x.length !== ref.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs(x[i]! - ref[i]!);
    const q = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e / (atol + rtol * Math.abs(ref[i]!));
    if (q > m) m = q;
  }
  return m;
}
