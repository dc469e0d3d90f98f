// Generator of the packing kernel of the wasm matrix multiply. JS first copies ("stages") an
// operand block into linear memory with TypedArray.set, one contiguous run per call, which is a
// memcpy; this kernel then rearranges it into panels the micro-kernel reads sequentially:
//
//   for g in 0..groups, p in 0..kc, w in 0..width:
//     dst[(g·kc + p)·width + w] = src[g·groupStride + w·innerStride + p·stepStride]
//
// (strides in bytes). For A, width = MR and w runs over rows; for B, width = NR over columns.
// When the w run is contiguous in the stage (innerStride = element size) it is copied as whole
// v128s, otherwise element by element.

import { CodeWriter, type FunctionDef, Op, SimdOp, ValType } from './wasm-encoder';
import type { FloatOps } from './wasm-float-ops';

const { i32 } = ValType;

/** pack(src, groups, groupStride, innerStride, kc, stepStride, dst); groups, kc ≥ 1. */
export function packKernel(ops: FloatOps, width: number, name: string): FunctionDef {
  const [SRC, GROUPS, GSTRIDE, ISTRIDE, KC, PSTRIDE, DST] = [0, 1, 2, 3, 4, 5, 6];
  const [S, P, T] = [7, 8, 9];
  const rowBytes = width * ops.bytes;
  const alignLog2 = Math.log2(ops.bytes);
  const w = new CodeWriter();

  /** The p loop over one group, with `copyStep` copying the `width` values at S to DST. */
  const stepLoop = (copyStep: () => void) => {
    w.get(SRC).set(S);
    w.get(KC).set(P);
    w.loop();
    copyStep();
    w.get(DST).i32(rowBytes).op(Op.i32Add).set(DST);
    w.get(S).get(PSTRIDE).op(Op.i32Add).set(S);
    w.get(P).i32(1).op(Op.i32Sub).tee(P).brIf(0);
    w.end();
  };
  const vectorStep = () => {
    for (let off = 0; off < rowBytes; off += 16) {
      w.get(DST).get(S).simdMem(SimdOp.v128Load, 0, off).simdMem(SimdOp.v128Store, 0, off);
    }
  };
  const scalarStep = () => {
    w.get(S).set(T);
    for (let i = 0; i < width; i++) {
      w.get(DST)
        .get(T)
        .mem(ops.load, alignLog2)
        .mem(ops.store, alignLog2, i * ops.bytes);
      if (i + 1 < width) w.get(T).get(ISTRIDE).op(Op.i32Add).set(T);
    }
  };

  w.loop();
  if (rowBytes % 16 === 0) {
    w.get(ISTRIDE).i32(ops.bytes).op(Op.i32Eq).if();
    stepLoop(vectorStep);
    w.else();
    stepLoop(scalarStep);
    w.end();
  } else {
    stepLoop(scalarStep);
  }
  w.get(SRC).get(GSTRIDE).op(Op.i32Add).set(SRC);
  w.get(GROUPS).i32(1).op(Op.i32Sub).tee(GROUPS).brIf(0);
  w.end();

  return {
    params: [i32, i32, i32, i32, i32, i32, i32],
    results: [],
    locals: [i32, i32, i32],
    body: w.bytes,
    export: name,
  };
}
