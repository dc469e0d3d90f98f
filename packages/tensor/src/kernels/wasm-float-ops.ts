// The per-dtype pieces of the generated kernels: element size, lanes per v128, and the opcodes
// that differ between float32 and float64. Everything else in the generators is shared.

import { Op, SimdOp } from './wasm-encoder';

export interface FloatOps {
  /** Bytes per element. */
  bytes: 4 | 8;
  /** Elements per v128. */
  lanes: number;
  /** Scalar load and store (used to copy single elements while packing). */
  load: number;
  store: number;
  /** v128 load that replicates one element into every lane. */
  splatLoad: number;
  mul: number;
  add: number;
}

export const F32_OPS: FloatOps = {
  bytes: 4,
  lanes: 4,
  load: Op.f32Load,
  store: Op.f32Store,
  splatLoad: SimdOp.v128Load32Splat,
  mul: SimdOp.f32x4Mul,
  add: SimdOp.f32x4Add,
};

export const F64_OPS: FloatOps = {
  bytes: 8,
  lanes: 2,
  load: Op.f64Load,
  store: Op.f64Store,
  splatLoad: SimdOp.v128Load64Splat,
  mul: SimdOp.f64x2Mul,
  add: SimdOp.f64x2Add,
};
