// Shape checks shared by the three mLSTM forms (parallel, recurrent, chunkwise) and the single step.
import { DTypeError, fmtShape, ShapeError, type Tensor } from '@seqmod/tensor';

export interface MlstmDims {
  B: number;
  NH: number;
  S: number;
  DH: number;
}

/**
 * q, k, v: [B, NH, S, DH]; iPreact, fPreact: [B, NH, S]. Returns the sizes or throws a
 * ShapeError / DTypeError naming `op`.
 */
export function checkMlstmInputs(
  op: string,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
): MlstmDims {
  if (q.ndim !== 4) throw new ShapeError(op, `q must be [B, NH, S, DH], got ${fmtShape(q.shape)}`);
  const [B, NH, S, DH] = q.shape as [number, number, number, number];
  for (const [name, t] of [
    ['k', k],
    ['v', v],
  ] as const) {
    if (t.ndim !== 4 || t.shape.some((d, i) => d !== q.shape[i])) {
      throw new ShapeError(op, `${name} must be [${B}, ${NH}, ${S}, ${DH}] like q, got ${fmtShape(t.shape)}`);
    }
  }
  for (const [name, t] of [
    ['iPreact', iPreact],
    ['fPreact', fPreact],
  ] as const) {
    if (t.ndim !== 3 || t.shape[0] !== B || t.shape[1] !== NH || t.shape[2] !== S) {
      throw new ShapeError(op, `${name} must be [${B}, ${NH}, ${S}], got ${fmtShape(t.shape)}`);
    }
  }
  for (const t of [k, v, iPreact, fPreact]) {
    if (t.dtype !== q.dtype)
      throw new DTypeError(op, `all inputs must share q's dtype ${q.dtype}, got ${t.dtype}`);
  }
  if (S === 0) throw new ShapeError(op, `needs at least one step, got S = 0 in ${fmtShape(q.shape)}`);
  return { B, NH, S, DH };
}

/**
 * One step's inputs: q, k, v: [B, NH, DH]; iPreact, fPreact: [B, NH]. Returns B, NH, DH or throws
 * a ShapeError / DTypeError naming `op`.
 */
export function checkMlstmStepInputs(
  op: string,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
): { B: number; NH: number; DH: number } {
  if (q.ndim !== 3) throw new ShapeError(op, `q must be [B, NH, DH], got ${fmtShape(q.shape)}`);
  const [B, NH, DH] = q.shape as [number, number, number];
  for (const [name, t] of [
    ['k', k],
    ['v', v],
  ] as const) {
    if (t.ndim !== 3 || t.shape.some((d, i) => d !== q.shape[i])) {
      throw new ShapeError(op, `${name} must be [${B}, ${NH}, ${DH}] like q, got ${fmtShape(t.shape)}`);
    }
  }
  for (const [name, t] of [
    ['iPreact', iPreact],
    ['fPreact', fPreact],
  ] as const) {
    if (t.ndim !== 2 || t.shape[0] !== B || t.shape[1] !== NH) {
      throw new ShapeError(op, `${name} must be [${B}, ${NH}], got ${fmtShape(t.shape)}`);
    }
  }
  for (const t of [k, v, iPreact, fPreact]) {
    if (t.dtype !== q.dtype)
      throw new DTypeError(op, `all inputs must share q's dtype ${q.dtype}, got ${t.dtype}`);
  }
  return { B, NH, DH };
}
