// Creating tensors: from arrays, filled, ranges, identity.
import { allocate, checkDType, DEFAULT_DTYPE, type DType, dtypeOf, type TypedArray } from './dtype';
import { DTypeError, fmtShape, ShapeError, ValueError } from './errors';
import { checkShape, sizeOf } from './shape';
import { type NestedArray, Tensor } from './tensor';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/**
 * A tensor over `data` with `shape`. A typed array of the requested dtype is used as storage
 * without a copy (the tensor then aliases it); anything else is copied.
 */
export function fromArray(
  data: TypedArray | ArrayLike<number>,
  shape: readonly number[],
  opts: CreateOptions = {},
): Tensor {
  checkShape('fromArray', shape);
  const n = sizeOf(shape);
  if (data.length !== n) {
    throw new ShapeError(
      'fromArray',
      `${data.length} values cannot fill shape ${fmtShape(shape)} (${n} elements)`,
    );
  }
  const isTyped = data instanceof Float32Array || data instanceof Float64Array;
  const dtype = opts.dtype ? checkDType('fromArray', opts.dtype) : isTyped ? dtypeOf(data) : DEFAULT_DTYPE;
  let storage: TypedArray;
  if (isTyped && dtypeOf(data) === dtype) storage = data;
  else {
    if (!isTyped && !(Array.isArray(data) || ArrayBuffer.isView(data))) {
      throw new DTypeError('fromArray', 'data must be a Float32Array, Float64Array or an array of numbers');
    }
    storage = allocate(dtype, n);
    for (let i = 0; i < n; i++) storage[i] = Number(data[i]);
  }
  return new Tensor(storage, shape, undefined, 0, opts.requiresGrad ?? false);
}

function inferShape(x: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let cur: NestedArray = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  if (!Array.isArray(x) && typeof x !== 'number')
    throw new ValueError(op, `expected a number or nested arrays of numbers, got ${typeof x}`);
  return shape;
}

/** A tensor from a number or nested arrays (`tensor([[1, 2], [3, 4]])`); ragged input is refused. */
export function tensor(values: NestedArray | TypedArray, opts: CreateOptions = {}): Tensor {
  if (values instanceof Float32Array || values instanceof Float64Array)
    return fromArray(values, [values.length], opts);
  const shape = inferShape(values, 'tensor');
  const flat: number[] = [];
  const walk = (v: NestedArray, dim: number) => {
    if (dim === shape.length) {
      if (typeof v !== 'number')
        throw new ShapeError('tensor', `ragged nested array: expected a number at depth ${dim}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new ShapeError('tensor', `ragged nested array: expected length ${shape[dim]} at depth ${dim}`);
    }
    for (const e of v) walk(e, dim + 1);
  };
  walk(values, 0);
  return fromArray(flat, shape, opts);
}

export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor {
  checkShape('full', shape);
  const data = allocate(opts.dtype ? checkDType('full', opts.dtype) : DEFAULT_DTYPE, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, undefined, 0, opts.requiresGrad ?? false);
}

export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return full(shape, 1, opts);
}

export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...opts });
}

export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...opts });
}

export function fullLike(t: Tensor, value: number, opts: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...opts });
}

/** A 0-d tensor. */
export function scalar(value: number, opts: CreateOptions = {}): Tensor {
  return full([], value, opts);
}

/** [start, stop) in steps of `step` (NumPy semantics). arange(n) = 0..n-1. */
export function arange(start: number, stop?: number, step = 1, opts: CreateOptions = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError('arange', `step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = allocate(opts.dtype ? checkDType('arange', opts.dtype) : DEFAULT_DTYPE, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], undefined, 0, opts.requiresGrad ?? false);
}

/** `num` evenly spaced points from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ValueError('linspace', `num must be a non-negative integer, got ${num}`);
  const data = allocate(opts.dtype ? checkDType('linspace', opts.dtype) : DEFAULT_DTYPE, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return new Tensor(data, [num], undefined, 0, opts.requiresGrad ?? false);
}

/** The n×m identity (m defaults to n). */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const t = zeros([n, m], opts);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}
