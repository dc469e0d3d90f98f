// Plain-JS matrix multiply for larger products, where WebAssembly SIMD is missing.
//
// Operands are packed into float64 scratch (so any stride, including transposed and broadcast
// zero strides, reads contiguously in the hot loop, and float32 inputs are widened once rather
// than on every use), then a 4×4 register tile of accumulators runs down k. Sums are float64 even
// for float32 data, which rounds once, on the final store.

import type { FloatArray, GemmArgs } from './gemm-args';

const MR = 4;
const NR = 4;

// Scratch reused across calls; grown, never shrunk.
let aPack: Float64Array = new Float64Array(0);
let bPack: Float64Array = new Float64Array(0);

function scratch(current: Float64Array, size: number): Float64Array {
  return current.length >= size ? current : new Float64Array(Math.max(size, current.length * 2));
}

export function gemmJsPacked<T extends FloatArray>(args: GemmArgs<T>): void {
  const { m, n, k, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride } = args;
  const { c, cOffset, cRowStride, accumulate } = args;
  const nPanels = Math.ceil(n / NR);
  bPack = scratch(bPack, nPanels * k * NR);
  aPack = scratch(aPack, k * MR);
  const bp = bPack;
  const ap = aPack;

  // B as panels of NR columns: bp[panel·k·NR + p·NR + jj] = B[p, panel·NR + jj], zero-padded.
  for (let panel = 0; panel < nPanels; panel++) {
    const j0 = panel * NR;
    const cols = Math.min(NR, n - j0);
    let dst = panel * k * NR;
    for (let p = 0; p < k; p++, dst += NR) {
      const src = bOffset + p * bRowStride + j0 * bColStride;
      for (let jj = 0; jj < NR; jj++) bp[dst + jj] = jj < cols ? b[src + jj * bColStride]! : 0;
    }
  }

  for (let i0 = 0; i0 < m; i0 += MR) {
    const rows = Math.min(MR, m - i0);
    // A rows i0..i0+3 interleaved: ap[p·MR + r] = A[i0 + r, p], zero-padded.
    for (let r = 0; r < MR; r++) {
      let src = aOffset + (i0 + r) * aRowStride;
      if (r < rows) for (let p = 0, d = r; p < k; p++, d += MR, src += aColStride) ap[d] = a[src]!;
      else for (let p = 0, d = r; p < k; p++, d += MR) ap[d] = 0;
    }
    for (let panel = 0; panel < nPanels; panel++) {
      const tile = microTile(ap, bp, panel * k * NR, k);
      const j0 = panel * NR;
      storeTile(tile, c, cOffset + i0 * cRowStride + j0, cRowStride, rows, Math.min(NR, n - j0), accumulate);
    }
  }
}

const tileOut = new Float64Array(MR * NR);

/** The 4×4 tile A[i0.., :] · B[:, j0..] from packed panels, into `tileOut` (row-major). */
// biome-ignore format: the tile reads best as a grid
function microTile(ap: Float64Array, bp: Float64Array, bStart: number, k: number): Float64Array {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0, ai = 0, bi = bStart; p < k; p++, ai += MR, bi += NR) {
    const b0 = bp[bi]!, b1 = bp[bi + 1]!, b2 = bp[bi + 2]!, b3 = bp[bi + 3]!;
    let x = ap[ai]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = ap[ai + 1]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = ap[ai + 2]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = ap[ai + 3]!;
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  const t = tileOut;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
  t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
  t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  return t;
}

function storeTile(
  tile: Float64Array,
  c: FloatArray,
  offset: number,
  rowStride: number,
  rows: number,
  cols: number,
  accumulate: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const row = offset + r * rowStride;
    for (let s = 0; s < cols; s++) {
      c[row + s] = accumulate ? c[row + s]! + tile[r * NR + s]! : tile[r * NR + s]!;
    }
  }
}
