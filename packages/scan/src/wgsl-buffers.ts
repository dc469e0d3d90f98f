// Storage buffers of the webgpu-wgsl backend: a pool that recycles released buffers by size,
// the handle a DeviceArray holds (so DeviceTensor, upload, download and release work as on the
// other device backends), and read-back through pooled staging buffers.
//
// Why a pool: a fresh GPUBuffer costs an allocation and the implementation's zero fill on first
// use (on the H100 through Dawn, creating 32 MB results per call cost 0.6–1 ms of driver time:
// README, gpu.js's immutable kernels). A released result goes back to the pool and serves the
// next result of the same size. Queue order makes that safe: work submitted before the release
// that reads the buffer runs before any later submission that overwrites it.
import { BackendError } from '@seqmod/tensor';
import type { GpuHandle } from './device-array';

// GPUBufferUsage / GPUMapMode bits (the globals are missing in Node until Dawn is installed)
export const USAGE = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  QUERY_RESOLVE: 0x0200,
} as const;
const MAP_READ_MODE = 0x0001;

/** Usage of every storage buffer: bound by kernels, written by the queue, copied out for reads. */
export const STORAGE_USAGE = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

let nextId = 1;
const ids = new WeakMap<GPUBuffer, number>();

/** A stable number per buffer (bind-group cache keys). */
export function bufferId(b: GPUBuffer): number {
  let id = ids.get(b);
  if (id === undefined) {
    id = nextId++;
    ids.set(b, id);
  }
  return id;
}

/** Recycles buffers of one usage by byte size. */
export class BufferPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly all = new Set<GPUBuffer>();

  constructor(
    private readonly device: GPUDevice,
    private readonly usage: number,
  ) {}

  /** A buffer of exactly `bytes` (rounded up to 4, at least 4). */
  acquire(bytes: number): GPUBuffer {
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    const b = this.free.get(size)?.pop();
    if (b) return b;
    const made = this.device.createBuffer({ size, usage: this.usage });
    this.all.add(made);
    return made;
  }

  release(b: GPUBuffer): void {
    let list = this.free.get(b.size);
    if (!list) {
      list = [];
      this.free.set(b.size, list);
    }
    list.push(b);
  }

  /** Buffers made so far (tests: a steady caller makes none after the first call). */
  get made(): number {
    return this.all.size;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.clear();
    this.free.clear();
  }
}

/**
 * The device side of a DeviceArray on webgpu-wgsl: a pooled storage buffer. `toArray` reads it
 * back (asynchronously); `delete` returns it to the pool.
 */
export class WgslBuffer implements GpuHandle {
  constructor(
    readonly buffer: GPUBuffer,
    /** floats of the tensor (the buffer may be larger: pooled sizes are rounded) */
    readonly length: number,
    private readonly reader: ReadBack,
    private readonly pool: BufferPool,
  ) {}

  toArray(): Promise<Float32Array> {
    return this.reader.read(this.buffer, this.length);
  }

  delete(): void {
    this.pool.release(this.buffer);
  }
}

/** Copies storage buffers to mappable staging buffers (pooled) and into host memory. */
export class ReadBack {
  private readonly staging: BufferPool;

  constructor(
    private readonly device: GPUDevice,
    private readonly check: () => void,
  ) {
    this.staging = new BufferPool(device, USAGE.MAP_READ | USAGE.COPY_DST);
  }

  /** The first `length` floats of each buffer, read back with one submission. */
  async readMany(items: readonly { buffer: GPUBuffer; length: number }[]): Promise<Float32Array[]> {
    const enc = this.device.createCommandEncoder();
    const stages = items.map(({ buffer, length }) => {
      const st = this.staging.acquire(4 * length);
      enc.copyBufferToBuffer(buffer, 0, st, 0, Math.max(4, 4 * length));
      return st;
    });
    this.device.queue.submit([enc.finish()]);
    try {
      await Promise.all(stages.map((st) => st.mapAsync(MAP_READ_MODE)));
    } catch (e) {
      this.check();
      throw new BackendError('download', `mapping a result failed: ${(e as Error).message}`);
    }
    this.check();
    return stages.map((st, i) => {
      const out = new Float32Array(items[i]!.length);
      out.set(new Float32Array(st.getMappedRange(), 0, items[i]!.length));
      st.unmap();
      this.staging.release(st);
      return out;
    });
  }

  async read(buffer: GPUBuffer, length: number): Promise<Float32Array> {
    return (await this.readMany([{ buffer, length }]))[0]!;
  }

  destroy(): void {
    this.staging.destroy();
  }
}
