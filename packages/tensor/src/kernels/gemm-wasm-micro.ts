// Generators of the compute kernels of the wasm matrix multiply (GotoBLAS structure):
//
//   micro: one MR × NR register tile of C over a kc-long slice of k;
//   macro: all the tiles of one cache block (packed mc × kc of A times packed kc × nc of B).
//
// Packed layouts (see gemm-wasm-pack.ts): an A panel is, for each p, MR consecutive values
// A[i0 + r, p]; a B panel is, for each p, NR consecutive values B[p, j0 + c]. C lives in a
// row-major buffer (row stride ldc bytes) padded to whole tiles, so every tile is full.
//
// The micro-kernel keeps MR × NV v128 accumulators in locals (NR = NV · lanes), splat-loads one
// A value per row and does mul + add (wasm SIMD 1.0 has no FMA). V8 on x64 allocates 15 xmm
// registers to wasm, so MR·NV accumulators + NV B vectors + A splat + a product temporary must
// fit: 4 × 2 vectors is the largest that does. Unrolling k does not pay: TurboFan hoists the next
// step's loads above this step's arithmetic and then spills accumulators.

import { CodeWriter, type FunctionDef, Op, SimdOp, ValType } from './wasm-encoder';
import type { FloatOps } from './wasm-float-ops';

export interface TileShape {
  /** Rows of the register tile. */
  mr: number;
  /** v128 vectors per tile row: the tile has nv · lanes columns. */
  nv: number;
}

const { i32, v128 } = ValType;
const V128_BYTES = 16;
const V128_ALIGN_LOG2 = 4;

/**
 * micro(kc, ap, bp, cp, ldc, load), addresses in bytes, kc ≥ 1:
 * C tile at cp (row stride ldc) = (load ? C tile : 0) + A panel at ap · B panel at bp.
 */
export function microKernel(ops: FloatOps, { mr, nv }: TileShape): FunctionDef {
  const [KC, AP, BP, CP, LDC, LOAD, ROW] = [0, 1, 2, 3, 4, 5, 6];
  const acc = (r: number, v: number) => 7 + r * nv + v;
  const bReg = (v: number) => 7 + mr * nv + v;
  const aReg = 7 + mr * nv + nv;
  const w = new CodeWriter();

  // Accumulators start from the C tile (later k blocks, or C += A·B) or from zero.
  w.get(LOAD).if();
  w.get(CP).set(ROW);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++)
      w.get(ROW)
        .simdMem(SimdOp.v128Load, V128_ALIGN_LOG2, v * V128_BYTES)
        .set(acc(r, v));
    if (r + 1 < mr) w.get(ROW).get(LDC).op(Op.i32Add).set(ROW);
  }
  w.else();
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) w.v128Zero().set(acc(r, v));
  w.end();

  // One k step: NV vectors of B, then per row one splatted A value times each of them.
  w.loop();
  for (let v = 0; v < nv; v++)
    w.get(BP)
      .simdMem(SimdOp.v128Load, V128_ALIGN_LOG2, v * V128_BYTES)
      .set(bReg(v));
  for (let r = 0; r < mr; r++) {
    w.get(AP)
      .simdMem(ops.splatLoad, Math.log2(ops.bytes), r * ops.bytes)
      .set(aReg);
    for (let v = 0; v < nv; v++) {
      w.get(acc(r, v)).get(aReg).get(bReg(v)).simd(ops.mul).simd(ops.add).set(acc(r, v));
    }
  }
  w.get(AP)
    .i32(mr * ops.bytes)
    .op(Op.i32Add)
    .set(AP);
  w.get(BP)
    .i32(nv * V128_BYTES)
    .op(Op.i32Add)
    .set(BP);
  w.get(KC).i32(1).op(Op.i32Sub).tee(KC).brIf(0);
  w.end();

  w.get(CP).set(ROW);
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) {
      w.get(ROW)
        .get(acc(r, v))
        .simdMem(SimdOp.v128Store, V128_ALIGN_LOG2, v * V128_BYTES);
    }
    if (r + 1 < mr) w.get(ROW).get(LDC).op(Op.i32Add).set(ROW);
  }

  return {
    params: [i32, i32, i32, i32, i32, i32],
    results: [],
    locals: [i32, ...new Array<ValType>(mr * nv + nv + 1).fill(v128)],
    body: w.bytes,
  };
}

/**
 * macro(mc, nc, kc, aPack, bPack, c, ldc, load): every tile of one cache block; mc and nc are
 * whole tiles, addresses and ldc in bytes. The outer loop walks B panels, the inner one A panels,
 * so one B panel (kc × NR) stays in L1 while the A block streams from L2.
 */
export function macroKernel(
  ops: FloatOps,
  { mr, nv }: TileShape,
  microIndex: number,
  name: string,
): FunctionDef {
  const [MC, NC, KC, APACK, BPACK, C, LDC, LOAD] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [JR, IR, AP, BP, CTILE] = [8, 9, 10, 11, 12];
  const nr = nv * ops.lanes;
  const w = new CodeWriter();
  w.get(BPACK).set(BP);
  w.i32(0).set(JR);
  w.loop();
  w.get(APACK).set(AP);
  w.get(C).get(JR).i32(ops.bytes).op(Op.i32Mul).op(Op.i32Add).set(CTILE);
  w.i32(0).set(IR);
  w.loop();
  w.get(KC).get(AP).get(BP).get(CTILE).get(LDC).get(LOAD).call(microIndex);
  w.get(AP)
    .get(KC)
    .i32(mr * ops.bytes)
    .op(Op.i32Mul)
    .op(Op.i32Add)
    .set(AP);
  w.get(CTILE).get(LDC).i32(mr).op(Op.i32Mul).op(Op.i32Add).set(CTILE);
  w.get(IR).i32(mr).op(Op.i32Add).tee(IR).get(MC).op(Op.i32LtS).brIf(0);
  w.end();
  w.get(BP)
    .get(KC)
    .i32(nr * ops.bytes)
    .op(Op.i32Mul)
    .op(Op.i32Add)
    .set(BP);
  w.get(JR).i32(nr).op(Op.i32Add).tee(JR).get(NC).op(Op.i32LtS).brIf(0);
  w.end();
  return {
    params: [i32, i32, i32, i32, i32, i32, i32, i32],
    results: [],
    locals: [i32, i32, i32, i32, i32],
    body: w.bytes,
    export: name,
  };
}
