// The `webgpu-wgsl` backend's engine: one GPUDevice, its caches, and the primitives the scans'
// host code (wgsl-*-run.ts) is written with: operands bound as storage buffers (host tensors
// uploaded into per-call-site scratch buffers, DeviceTensors used in place), results in pooled
// buffers, pipelines built once per shader text, bind groups cached by the buffers they hold,
// one submission per scan, and read-back.
//
// Errors: a shader that fails to build, a validation error or a lost device is a BackendError
// naming the op: the first uncaptured error is kept and thrown by the next call (and by any
// read-back), never a silent wrong answer.
import { BackendError, ShapeError } from '@seqmod/tensor';
import { DeviceArray } from './device-array';
import { checkOwned, DeviceTensor, gpuDims, type ScanOperand } from './device-tensor';
import { asFloat32 } from './float-array';
import type { Plan } from './plan-driver';
import { BufferPool, bufferId, ReadBack, STORAGE_USAGE, USAGE, WgslBuffer } from './wgsl-buffers';
import { openWgslDevice, type WgslDevice, type WgslLimits } from './wgsl-device';
import type { BackwardTile } from './wgsl-kernel-selective-backward';
import type { ScanTile } from './wgsl-tile';

/** One dispatch, ready to be recorded: what a scan submits (and what the benchmark repeats). */
export interface WgslDispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number];
  /** buffer copies that must run before the dispatch (operands packed into one buffer) */
  copies: { src: GPUBuffer; srcOffset?: number; dst: GPUBuffer; dstOffset: number; bytes: number }[];
}

export class WgslScanEngine {
  /** Dispatches so far (each scan reports its own count). */
  dispatches = 0;
  /**
   * Fill every result buffer with NaN before the dispatch that writes it (checks: an element a
   * kernel leaves unwritten then shows, instead of a stale value of a pooled buffer).
   */
  poisonResults = false;
  /** Tile overrides (benchmarks and tests); empty: the per-shape choice of wgsl-tile.ts. */
  tileOverride: {
    selective: Partial<ScanTile>;
    linear: Partial<ScanTile>;
    backward: Partial<BackwardTile>;
  } = { selective: {}, linear: {}, backward: {} };
  readonly device: GPUDevice;
  readonly limits: WgslLimits;
  readonly subgroups: boolean;
  /** the fixed subgroup size (0: none, or a size that varies): wgsl-device.ts */
  readonly subgroupSize: number;
  readonly timestamps: boolean;
  readonly adapter: string;
  private readonly storage: BufferPool;
  private readonly uniforms = new Map<string, GPUBuffer>();
  private readonly scratch = new Map<string, GPUBuffer>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly building = new Map<string, Promise<GPUComputePipeline>>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly reader: ReadBack;
  private error: string | null = null;
  private destroyed = false;

  private constructor(d: WgslDevice) {
    this.device = d.device;
    this.limits = d.limits;
    this.subgroups = d.subgroups;
    this.subgroupSize = d.subgroupSize;
    this.timestamps = d.timestamps;
    this.adapter = d.adapter;
    this.storage = new BufferPool(d.device, STORAGE_USAGE);
    this.reader = new ReadBack(d.device, () => this.check('download'));
    const record = (e: unknown) => {
      const err = (e as { error?: { message?: string } }).error;
      this.error ??= err?.message ?? String(e);
    };
    try {
      // Node: installNodeWebGPU's device proxy turns this into addEventListener (Dawn refuses it)
      (this.device as unknown as { onuncapturederror: unknown }).onuncapturederror = record;
    } catch {
      this.device.addEventListener?.('uncapturederror', record as EventListener);
    }
    void this.device.lost?.then((info) => {
      if (!this.destroyed) this.error ??= `device lost: ${info.message || info.reason}`;
    });
  }

  static async create(): Promise<WgslScanEngine> {
    return new WgslScanEngine(await openWgslDevice());
  }

  /** Throws the first error the device reported (BackendError naming `op`). */
  check(op: string): void {
    if (this.destroyed) throw new BackendError(op, 'this scanner was destroyed');
    if (this.error) throw new BackendError(op, `webgpu-wgsl: ${this.error}`);
  }

  /** Storage buffers made so far (a steady caller that releases its results makes none). */
  get buffersMade(): number {
    return this.storage.made;
  }

  /** Whether `floats` fit one storage binding; a BackendError naming the limit otherwise. */
  checkBinding(op: string, name: string, floats: number): void {
    const bytes = 4 * floats;
    if (bytes > this.limits.maxStorageBufferBindingSize || bytes > this.limits.maxBufferSize) {
      throw new BackendError(
        op,
        `${name} needs ${bytes} bytes, over this device's storage binding limit ` +
          `(${this.limits.maxStorageBufferBindingSize} bytes): split the batch`,
      );
    }
  }

  /** A host array as a DeviceTensor's storage (a pooled buffer the tensor owns). */
  upload(data: Float32Array, shape: readonly number[], owner: object): DeviceTensor {
    this.check('upload');
    this.checkBinding('upload', 'the tensor', data.length);
    const buf = this.storage.acquire(4 * data.length);
    this.device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
    const arr = new DeviceArray(
      gpuDims(shape),
      null,
      new WgslBuffer(buf, data.length, this.reader, this.storage),
    );
    return new DeviceTensor(shape, 'webgpu-wgsl', arr, owner);
  }

  /** The values of a buffer-backed array. */
  download(a: DeviceArray, op: string): Promise<Float32Array> {
    this.check(op);
    if (a.isDeleted) throw new BackendError(op, 'the array was released');
    return (a.handle as WgslBuffer).toArray();
  }

  /** The values of several results, read back with one submission. */
  downloadMany(items: { buffer: GPUBuffer; length: number }[]): Promise<Float32Array[]> {
    return this.reader.readMany(items);
  }

  /**
   * The buffer of an operand: a DeviceTensor of this scanner in place (checked: alive, owned,
   * `length` floats), a host tensor written into the call site's scratch buffer.
   */
  operand(op: string, name: string, x: ScanOperand, length: number, owner: object): GPUBuffer {
    if (x instanceof DeviceTensor) {
      checkOwned(op, name, x, owner);
      if (x.array.length !== length || !(x.array.handle instanceof WgslBuffer)) {
        throw new ShapeError(op, `${name} on the device holds ${x.array.length} numbers, expected ${length}`);
      }
      return x.array.handle.buffer;
    }
    this.checkBinding(op, name, length);
    // operands and results keep apart scratch namespaces: an operand and a result of one op may
    // share a name (the backward's ∂u and u) and must not share a buffer
    const buf = this.scratchBuffer(`in:${op}.${name}`, length);
    const f = asFloat32(x.data);
    this.device.queue.writeBuffer(buf, 0, f.buffer, f.byteOffset, 4 * length);
    return buf;
  }

  /** The scratch buffer of a call site with room for `floats` (reused by every call). */
  scratchBuffer(site: string, floats: number): GPUBuffer {
    const bytes = Math.max(4, 4 * floats);
    let b = this.scratch.get(site);
    if (!b || b.size < bytes) {
      b?.destroy();
      b = this.device.createBuffer({ size: bytes, usage: STORAGE_USAGE });
      this.scratch.set(site, b);
    }
    return b;
  }

  /** A result buffer: pooled (the caller keeps it as a DeviceTensor) or the site's scratch. */
  resultBuffer(site: string, floats: number, resident: boolean): GPUBuffer {
    this.checkBinding(site, 'a result', floats);
    const b = resident ? this.storage.acquire(4 * floats) : this.scratchBuffer(`out:${site}`, floats);
    if (this.poisonResults) {
      const nan = new Float32Array(floats).fill(Number.NaN);
      this.device.queue.writeBuffer(b, 0, nan.buffer, 0, nan.byteLength);
    }
    return b;
  }

  /** A pooled result as a DeviceArray (released back to the pool by DeviceTensor.release). */
  residentArray(buffer: GPUBuffer, shape: readonly number[]): DeviceArray {
    let n = 1;
    for (const d of shape) n *= d;
    return new DeviceArray(gpuDims(shape), null, new WgslBuffer(buffer, n, this.reader, this.storage));
  }

  /** The uniform buffer of a call site, holding `words`. */
  uniform(site: string, words: Uint32Array): GPUBuffer {
    let b = this.uniforms.get(site);
    const bytes = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    if (!b || b.size < bytes) {
      b?.destroy();
      b = this.device.createBuffer({ size: bytes, usage: USAGE.UNIFORM | USAGE.COPY_DST });
      this.uniforms.set(site, b);
    }
    this.device.queue.writeBuffer(b, 0, words.buffer, words.byteOffset, words.byteLength);
    return b;
  }

  /** The pipeline of a shader (built once per key): the pipeline, or a Promise on the first call. */
  pipeline(op: string, key: string, source: () => string): GPUComputePipeline | Promise<GPUComputePipeline> {
    const ready = this.pipelines.get(key);
    if (ready) return ready;
    let p = this.building.get(key);
    if (!p) {
      p = this.build(op, key, source());
      this.building.set(key, p);
    }
    return p;
  }

  private async build(op: string, key: string, code: string): Promise<GPUComputePipeline> {
    const module = this.device.createShaderModule({ code });
    try {
      const pl = await this.device.createComputePipelineAsync({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      });
      this.pipelines.set(key, pl);
      return pl;
    } catch (e) {
      this.building.delete(key);
      let where = '';
      try {
        const info = await module.getCompilationInfo();
        const lines = code.split('\n');
        where = info.messages
          .filter((m) => m.type === 'error')
          .map((m) => `\n  line ${m.lineNum}: ${m.message} | ${lines[m.lineNum - 1]?.trim() ?? ''}`)
          .join('');
      } catch {
        // no compilation info on this implementation
      }
      throw new BackendError(op, `kernel ${key} failed to build: ${(e as Error).message}${where}`);
    }
  }

  /** The bind group of `pipeline` over these buffers (binding index -> buffer and floats). */
  bindGroup(pipeline: GPUComputePipeline, key: string, entries: [number, GPUBuffer, number][]): GPUBindGroup {
    const id = `${key}|${entries.map(([i, b, n]) => `${i}:${bufferId(b)}:${n}`).join(',')}`;
    let g = this.bindGroups.get(id);
    if (!g) {
      // bounded: pooled results cycle through few buffers, but keys of released buffers pile up
      if (this.bindGroups.size > 256) this.bindGroups.clear();
      g = this.device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: entries.map(([binding, buffer, n]) => ({
          binding,
          resource: { buffer, offset: 0, size: Math.max(4, 4 * n) },
        })),
      });
      this.bindGroups.set(id, g);
    }
    return g;
  }

  /** Checks a dispatch's workgroup counts against the device. */
  checkWorkgroups(op: string, w: [number, number]): void {
    const lim = this.limits.maxComputeWorkgroupsPerDimension;
    if (w[0] > lim || w[1] > lim)
      throw new BackendError(op, `dispatch of ${w[0]} × ${w[1]} workgroups exceeds ${lim} per dimension`);
  }

  /** Records dispatches (and their copies) into `enc`, `repeat` times (benchmarks repeat). */
  record(enc: GPUCommandEncoder, list: readonly WgslDispatch[], repeat = 1): void {
    for (let r = 0; r < repeat; r++) {
      for (const d of list) {
        for (const c of d.copies)
          enc.copyBufferToBuffer(c.src, c.srcOffset ?? 0, c.dst, c.dstOffset, c.bytes);
        const pass = enc.beginComputePass();
        pass.setPipeline(d.pipeline);
        pass.setBindGroup(0, d.bindGroup);
        pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1]);
        pass.end();
        this.dispatches++;
      }
    }
  }

  /** Submits dispatches in one command buffer. */
  submit(list: readonly WgslDispatch[]): void {
    const enc = this.device.createCommandEncoder();
    this.record(enc, list);
    this.device.queue.submit([enc.finish()]);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.storage.destroy();
    this.reader.destroy();
    for (const b of this.uniforms.values()) b.destroy();
    for (const b of this.scratch.values()) b.destroy();
    this.device.destroy();
  }
}

/** The compute pipeline of `key` within a plan: one yield while it is still being built. */
export function* pipelineOf(
  engine: WgslScanEngine,
  op: string,
  key: string,
  source: () => string,
): Plan<GPUComputePipeline> {
  const pl = engine.pipeline(op, key, source);
  return (pl instanceof Promise ? yield pl : pl) as GPUComputePipeline;
}
