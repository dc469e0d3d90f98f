// The two element types. float32 is the default (speed, memory, GPU parity); float64 exists to
// check the float32 path against references and for numerics that need it (expm, eigensolvers).
import { DTypeError } from './errors';

export type DType = 'float32' | 'float64';
export type TypedArray = Float32Array | Float64Array;

export const DEFAULT_DTYPE: DType = 'float32';

export function allocate(dtype: DType, n: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

export function dtypeOf(array: TypedArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'float64';
}

export function checkDType(op: string, dtype: unknown): DType {
  if (!isDType(dtype)) throw new DTypeError(op, `dtype must be 'float32' or 'float64', got ${String(dtype)}`);
  return dtype;
}

/** Operands of one op must share a dtype: mixing is refused rather than silently promoted. */
export function sameDType(op: string, a: DType, b: DType): DType {
  if (a !== b) {
    throw new DTypeError(op, `operands have different dtypes (${a} and ${b}); convert one with .to('${a}')`);
  }
  return a;
}

/** Machine epsilon of a dtype. */
export function epsilonOf(dtype: DType): number {
  return dtype === 'float64' ? Number.EPSILON : 2 ** -23;
}
