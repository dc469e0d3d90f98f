// The typed arrays the array-level API accepts, and the checks every entry point shares.
import { DTypeError, ShapeError, ValueError } from './errors';

/** Storage the array-level API reads and writes: float64 is computed directly, float32 through a float64 copy. */
export type FloatArray = Float64Array | Float32Array;

export function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array;
}

/** Throws ValueError unless n is an integer >= 1 (a transform length). */
export function checkLength(op: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ValueError(op, `length must be an integer >= 1, got ${String(n)}`);
  }
  if (n > 2 ** 30) throw new ValueError(op, `length must be at most 2^30, got ${n}`);
  return n;
}

/** Throws ShapeError unless `a` is a Float64Array/Float32Array of exactly `len` elements. */
export function checkArray(op: string, what: string, a: unknown, len: number): FloatArray {
  if (!isFloatArray(a)) {
    throw new DTypeError(op, `${what} must be a Float64Array or Float32Array, got ${describe(a)}`);
  }
  if (a.length !== len) throw new ShapeError(op, `${what} must have length ${len}, got ${a.length}`);
  return a;
}

function describe(a: unknown): string {
  if (a === null) return 'null';
  if (typeof a === 'object') return (a as object).constructor?.name ?? 'object';
  return typeof a;
}

/** Whether two typed arrays share any memory (views of one buffer with intersecting byte ranges). */
export function overlaps(a: FloatArray, b: FloatArray): boolean {
  if (a.buffer !== b.buffer) return false;
  const a0 = a.byteOffset;
  const b0 = b.byteOffset;
  return a0 < b0 + b.byteLength && b0 < a0 + a.byteLength;
}
