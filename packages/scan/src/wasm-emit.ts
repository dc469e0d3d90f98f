// Shorthands the wasm kernel generators share: the memory accesses of f32x4 code (alignment
// hints: 16 bytes for whole vectors, 4 for scalars and splats) and counted do-while loops.
import { wasmEncoder } from '@seqmod/tensor';

const { Op, SimdOp } = wasmEncoder;
type CodeWriter = wasmEncoder.CodeWriter;

/** v128.load / v128.store of a whole vector (16-byte aligned: rows are padded to quads). */
export const V_LOAD = [SimdOp.v128Load, 4] as const;
export const V_STORE = [SimdOp.v128Store, 4] as const;
/** One f32 from memory into every lane. */
export const SPLAT = [SimdOp.v128Load32Splat, 2] as const;
export const I32_LOAD = [Op.i32Load, 2] as const;

/** local += k (i32). */
export function incr(w: CodeWriter, local: number, k: number | { local: number }): CodeWriter {
  w.get(local);
  if (typeof k === 'number') w.i32(k);
  else w.get(k.local);
  return w.op(Op.i32Add).set(local);
}

/** local -= k (i32). */
export function decr(w: CodeWriter, local: number, k: number | { local: number }): CodeWriter {
  w.get(local);
  if (typeof k === 'number') w.i32(k);
  else w.get(k.local);
  return w.op(Op.i32Sub).set(local);
}

/**
 * `counter = count; do { body } while (--counter)`: count must be ≥ 1 (every trip count of the
 * kernels is a positive size).
 */
export function countedLoop(w: CodeWriter, counter: number, count: () => void, body: () => void): void {
  count();
  w.set(counter);
  w.loop();
  body();
  w.get(counter).i32(1).op(Op.i32Sub).tee(counter).brIf(0);
  w.end();
}

/** Pushes the address base + offset (both i32 locals). */
export function addr(w: CodeWriter, base: number, offset: number): CodeWriter {
  return w.get(base).get(offset).op(Op.i32Add);
}

/**
 * Runs body(u) over `count` items in steps of u = unroll (a power of two) while at least that
 * many remain, then body(1) for the rest; either part may run zero times. body advances its own
 * pointers by u items.
 */
export function unrolledLoop(
  w: CodeWriter,
  counter: number,
  count: () => void,
  unroll: number,
  body: (u: number) => void,
): void {
  const parts: [number, () => void][] = [[unroll, () => w.i32(Math.log2(unroll)).op(Op.i32ShrU)]];
  if (unroll > 1) parts.push([1, () => w.i32(unroll - 1).op(Op.i32And)]);
  for (const [u, trips] of parts) {
    count();
    trips();
    w.set(counter);
    w.block().get(counter).op(Op.i32Eqz).brIf(0);
    w.loop();
    body(u);
    w.get(counter).i32(1).op(Op.i32Sub).tee(counter).brIf(0);
    w.end().end();
  }
}
