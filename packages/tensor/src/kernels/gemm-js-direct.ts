// Plain-JS matrix multiply for small products: reads the operands in place through their
// strides (no packing, no scratch), so its fixed cost is a few dozen nanoseconds. A 4×4 tile of
// float64 accumulators runs down k; the rows and columns past the last whole tile are dot products.

import type { FloatArray, GemmArgs } from './gemm-args';

export function gemmJsDirect<T extends FloatArray>(args: GemmArgs<T>): void {
  const { m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride } = args;
  const { c, cOffset, cRowStride, accumulate } = args;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      tile4x4(
        k,
        a,
        aOffset + i * aRowStride,
        aRowStride,
        aColStride,
        b,
        bOffset + j * bColStride,
        bRowStride,
        bColStride,
        c,
        cOffset + i * cRowStride + j,
        cRowStride,
        accumulate,
      );
    }
  }
  // The right edge of the tiled rows, then the bottom rows in full.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let sum = 0;
      for (
        let p = 0, ai = aOffset + i * aRowStride, bi = bOffset + j * bColStride;
        p < k;
        p++, ai += aColStride, bi += bRowStride
      ) {
        sum += a[ai]! * b[bi]!;
      }
      const ci = cOffset + i * cRowStride + j;
      c[ci] = accumulate ? c[ci]! + sum : sum;
    }
  }
}

// biome-ignore format: the tile reads best as a grid
function tile4x4(
  k: number,
  a: FloatArray, aStart: number, ars: number, acs: number,
  b: FloatArray, bStart: number, brs: number, bcs: number,
  c: FloatArray, cStart: number, crs: number, accumulate: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const ars2 = 2 * ars, ars3 = 3 * ars, bcs2 = 2 * bcs, bcs3 = 3 * bcs;
  for (let p = 0, ai = aStart, bi = bStart; p < k; p++, ai += acs, bi += brs) {
    const b0 = b[bi]!, b1 = b[bi + bcs]!, b2 = b[bi + bcs2]!, b3 = b[bi + bcs3]!;
    let x = a[ai]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = a[ai + ars]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = a[ai + ars2]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = a[ai + ars3]!;
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  let ci = cStart;
  if (accumulate) {
    c[ci] = c[ci]! + c00; c[ci + 1] = c[ci + 1]! + c01; c[ci + 2] = c[ci + 2]! + c02; c[ci + 3] = c[ci + 3]! + c03;
    ci += crs;
    c[ci] = c[ci]! + c10; c[ci + 1] = c[ci + 1]! + c11; c[ci + 2] = c[ci + 2]! + c12; c[ci + 3] = c[ci + 3]! + c13;
    ci += crs;
    c[ci] = c[ci]! + c20; c[ci + 1] = c[ci + 1]! + c21; c[ci + 2] = c[ci + 2]! + c22; c[ci + 3] = c[ci + 3]! + c23;
    ci += crs;
    c[ci] = c[ci]! + c30; c[ci + 1] = c[ci + 1]! + c31; c[ci + 2] = c[ci + 2]! + c32; c[ci + 3] = c[ci + 3]! + c33;
  } else {
    c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03;
    ci += crs;
    c[ci] = c10; c[ci + 1] = c11; c[ci + 2] = c12; c[ci + 3] = c13;
    ci += crs;
    c[ci] = c20; c[ci + 1] = c21; c[ci + 2] = c22; c[ci + 3] = c23;
    ci += crs;
    c[ci] = c30; c[ci + 1] = c31; c[ci + 2] = c32; c[ci + 3] = c33;
  }
}
