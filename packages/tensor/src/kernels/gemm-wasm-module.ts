// Assembles the WebAssembly SIMD matrix-multiply module: for float32 and float64 each, a
// micro-kernel, a macro-kernel and two packing kernels, plus one exported linear memory that the
// JS driver (gemm-wasm.ts) grows on demand. The bytes are built at runtime by our own encoder,
// so the generators are the kernel's source and nothing binary is committed.

import { macroKernel, microKernel, type TileShape } from './gemm-wasm-micro';
import { packKernel } from './gemm-wasm-pack';
import { encodeModule, type FunctionDef } from './wasm-encoder';
import { F32_OPS, F64_OPS, type FloatOps } from './wasm-float-ops';

export interface GemmModuleShape {
  f32: TileShape;
  f64: TileShape;
}

/**
 * Register tiles chosen by measurement (bench/tune-gemm.ts, V8 on x64): 4 × 8 for float32
 * (8 accumulators) and 4 × 4 for float64 (8 accumulators of 2 lanes).
 */
export const DEFAULT_GEMM_SHAPE: GemmModuleShape = {
  f32: { mr: 4, nv: 2 },
  f64: { mr: 4, nv: 2 },
};

/** Export names of one dtype's kernels. */
export function kernelNames(dtype: 'f32' | 'f64') {
  return { macro: `${dtype}_macro`, packA: `${dtype}_pack_a`, packB: `${dtype}_pack_b` } as const;
}

/** The four functions of one dtype; `base` is the index of the first (its micro-kernel). */
function dtypeFunctions(ops: FloatOps, tile: TileShape, dtype: 'f32' | 'f64', base: number): FunctionDef[] {
  const names = kernelNames(dtype);
  return [
    microKernel(ops, tile),
    macroKernel(ops, tile, base, names.macro),
    packKernel(ops, tile.mr, names.packA),
    packKernel(ops, tile.nv * ops.lanes, names.packB),
  ];
}

/**
 * Module bytes: memory "mem" (at most `maximumPages` of 64 KiB when given, else the engine's
 * limit), and per dtype the exports named by `kernelNames`.
 */
export function buildGemmModule(
  shape: GemmModuleShape = DEFAULT_GEMM_SHAPE,
  maximumPages?: number,
): Uint8Array<ArrayBuffer> {
  const f32 = dtypeFunctions(F32_OPS, shape.f32, 'f32', 0);
  const f64 = dtypeFunctions(F64_OPS, shape.f64, 'f64', f32.length);
  return encodeModule({
    memory:
      maximumPages === undefined
        ? { initialPages: 1, export: 'mem' }
        : { initialPages: 1, maximumPages, export: 'mem' },
    functions: [...f32, ...f64],
  });
}
