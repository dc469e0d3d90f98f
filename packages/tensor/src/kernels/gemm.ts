// General matrix multiply on strided typed arrays: C (+)= A·B.
//
//   A[i, p] = a[aOffset + i·aRowStride + p·aColStride]      (m × k)
//   B[p, j] = b[bOffset + p·bRowStride + j·bColStride]      (k × n)
//   C[i, j] = c[cOffset + i·cRowStride + j]                 (m × n, unit column stride)
//
// Strides are arbitrary integers (a transposed operand is just swapped strides, a broadcast one
// has stride 0), so callers never copy. float32 runs on a WebAssembly SIMD kernel when the engine
// has it and the product is large enough to repay the call and the copies into linear memory;
// otherwise, and for float64, on the plain-JS kernel. Both give the naive triple loop's result up
// to float rounding.

import { ValueError } from '../errors';
import type { FloatArray, GemmArgs } from './gemm-args';
import { gemmJs } from './gemm-js';
import { WasmGemm } from './gemm-wasm';

/**
 * Below this many multiply-adds (m·n·k) the JS kernel wins: the wasm path's fixed cost (packing
 * into linear memory, the call, copying C back) dominates. Measured with bench/tune-gemm.ts.
 */
export const WASM_MIN_MACS = { f32: 2048, f64: 2048 };

let wasm: WasmGemm | null | undefined;

/** The wasm kernel, compiled on first use; null where WebAssembly SIMD is unavailable. */
function wasmGemm(): WasmGemm | null {
  if (wasm === undefined) {
    try {
      wasm = typeof WebAssembly === 'object' ? WasmGemm.compile() : null;
    } catch {
      // No SIMD support (validation fails), or compilation refused by the environment (CSP).
      wasm = null;
    }
  }
  return wasm;
}

/** Whether float32 products use the WebAssembly SIMD kernel in this engine. */
export function hasWasmGemm(): boolean {
  return wasmGemm() !== null;
}

export function gemmF32(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: Float32Array,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: Float32Array,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  const args: GemmArgs<Float32Array> = {
    m,
    n,
    k,
    a,
    aOffset,
    aRowStride,
    aColStride,
    b,
    bOffset,
    bRowStride,
    bColStride,
    c,
    cOffset,
    cRowStride,
    accumulate,
  };
  if (trivial('gemmF32', args)) return;
  const kernel = m * n * k >= WASM_MIN_MACS.f32 ? wasmGemm() : null;
  if (kernel === null || !kernel.gemmF32(args)) gemmJs(args);
}

export function gemmF64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: Float64Array,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: Float64Array,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  const args: GemmArgs<Float64Array> = {
    m,
    n,
    k,
    a,
    aOffset,
    aRowStride,
    aColStride,
    b,
    bOffset,
    bRowStride,
    bColStride,
    c,
    cOffset,
    cRowStride,
    accumulate,
  };
  if (trivial('gemmF64', args)) return;
  const kernel = m * n * k >= WASM_MIN_MACS.f64 ? wasmGemm() : null;
  if (kernel === null || !kernel.gemmF64(args)) gemmJs(args);
}

/**
 * Validates sizes and bounds (an out-of-range read would silently produce NaN) and handles the
 * empty cases; returns true when nothing is left to compute.
 */
function trivial<T extends FloatArray>(op: string, g: GemmArgs<T>): boolean {
  for (const [name, v] of [
    ['m', g.m],
    ['n', g.n],
    ['k', g.k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new ValueError(op, `${name} must be a non-negative integer, got ${v}`);
  }
  if (g.m === 0 || g.n === 0) return true;
  checkSpan(op, 'c', g.c.length, g.cOffset, g.m, g.cRowStride, g.n, 1);
  if (g.k === 0) {
    // An empty sum: C = 0, or C unchanged when accumulating.
    if (!g.accumulate)
      for (let i = 0; i < g.m; i++)
        g.c.fill(0, g.cOffset + i * g.cRowStride, g.cOffset + i * g.cRowStride + g.n);
    return true;
  }
  checkSpan(op, 'a', g.a.length, g.aOffset, g.m, g.aRowStride, g.k, g.aColStride);
  checkSpan(op, 'b', g.b.length, g.bOffset, g.k, g.bRowStride, g.n, g.bColStride);
  return false;
}

/** Every element offset + i·rowStride + j·colStride (i < rows, j < cols) must index the array. */
function checkSpan(
  op: string,
  name: string,
  length: number,
  offset: number,
  rows: number,
  rowStride: number,
  cols: number,
  colStride: number,
): void {
  for (const [what, v] of [
    ['offset', offset],
    ['row stride', rowStride],
    ['column stride', colStride],
  ] as const) {
    if (!Number.isInteger(v)) throw new ValueError(op, `${name} ${what} must be an integer, got ${v}`);
  }
  const rowSpan = (rows - 1) * rowStride;
  const colSpan = (cols - 1) * colStride;
  const lo = offset + Math.min(0, rowSpan) + Math.min(0, colSpan);
  const hi = offset + Math.max(0, rowSpan) + Math.max(0, colSpan);
  if (lo < 0 || hi >= length) {
    throw new ValueError(
      op,
      `${name} (${rows}×${cols}, offset ${offset}, strides [${rowStride}, ${colStride}]) reads indices ${lo}..${hi}, outside its ${length} elements`,
    );
  }
}

/** C (+)= A·B on strided typed arrays of one element type (the signature of gemmF32/gemmF64). */
export type Gemm = (
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: FloatArray,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: FloatArray,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
) => void;

/**
 * The gemm for the element type of `data` (gemmF64 for a Float64Array, else gemmF32), for kernels
 * written once over both dtypes. The caller passes arrays of that one type throughout.
 */
export function gemmFor(data: FloatArray): Gemm {
  return (data instanceof Float64Array ? gemmF64 : gemmF32) as Gemm;
}
