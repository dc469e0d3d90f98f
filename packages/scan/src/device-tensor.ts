// What the scanner's methods take and return: host tensors (a typed array and a shape, in the
// library layout [batch, length, features]) or DeviceTensors, whose data stays in the
// backend's memory between calls (a gpu.js texture on webgl2/headlessgl, a storage buffer on
// webgpu; host memory on webasm and cpu, which have no other).
import { BackendError, ShapeError } from '@seqmod/tensor';
import type { BackendName } from './backend-name';
import type { DeviceArray } from './device-array';
import { numel } from './scan-shapes';

/** A host tensor: row-major data with its shape. */
export interface HostTensor {
  data: ArrayLike<number>;
  shape: readonly number[];
}

/** A host result: float32 from gpu.js backends, float32 or float64 from the cpu reference. */
export interface ScanArray {
  data: Float32Array | Float64Array;
  shape: number[];
}

export class DeviceTensor {
  readonly shape: readonly number[];
  readonly backend: BackendName;
  /** @internal the kernel operand */
  readonly array: DeviceArray;
  /** @internal the scanner that owns the memory */
  readonly owner: object;

  /** @internal */
  constructor(shape: readonly number[], backend: BackendName, array: DeviceArray, owner: object) {
    this.shape = Object.freeze([...shape]);
    this.backend = backend;
    this.array = array;
    this.owner = owner;
  }

  get released(): boolean {
    return this.array.isDeleted;
  }

  /** Frees the device memory; the tensor cannot be used afterwards. */
  release(): void {
    this.array.delete();
  }
}

export type ScanOperand = HostTensor | DeviceTensor;

export function isDeviceTensor(x: ScanOperand): x is DeviceTensor {
  return x instanceof DeviceTensor;
}

/** The shape of an operand, checking a host tensor's data length. */
export function operandShape(op: string, name: string, x: ScanOperand): readonly number[] {
  if (x instanceof DeviceTensor) return x.shape;
  if (!x?.shape || x.data === undefined)
    throw new ShapeError(op, `${name} must be { data, shape } or a DeviceTensor`);
  if (x.data.length !== numel(x.shape)) {
    throw new ShapeError(
      op,
      `${name} has ${x.data.length} numbers, its shape [${x.shape.join(', ')}] needs ${numel(x.shape)}`,
    );
  }
  return x.shape;
}

/** Checks that a DeviceTensor belongs to this scanner and is alive. */
export function checkOwned(op: string, name: string, x: DeviceTensor, owner: object): void {
  if (x.owner !== owner)
    throw new BackendError(op, `${name} lives on another scanner (${x.backend}); download and upload it`);
  if (x.released) throw new BackendError(op, `${name} was released`);
}

/**
 * gpu.js dims of a tensor shape in the library layout: the shape reversed, with the trailing
 * [G, N] of grouped B/C merged into one axis.
 */
export function gpuDims(shape: readonly number[]): number[] {
  if (shape.length === 4) return [shape[2]! * shape[3]!, shape[1]!, shape[0]!];
  return [...shape].reverse();
}
