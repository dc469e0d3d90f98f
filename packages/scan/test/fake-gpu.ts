// A minimal in-memory stand-in for the WebGPU objects the webgpu-wgsl host code touches
// (buffers, queue writes, copies, mapping; no shaders): this machine has no WebGPU adapter, so
// the buffer pool, read-back, device opening and the engine's host paths are tested on it.
import { afterEach, beforeEach } from 'vitest';
import { createScanner, type Scanner } from '../src/index';

export interface FakeBuffer {
  size: number;
  usage: number;
  data: Uint8Array;
  destroyed: boolean;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

function fakeBuffer(size: number, usage: number): FakeBuffer {
  const b: FakeBuffer = {
    size,
    usage,
    data: new Uint8Array(size),
    destroyed: false,
    mapAsync: async () => {
      if (b.destroyed) throw new Error('buffer destroyed');
    },
    getMappedRange: () => b.data.slice().buffer,
    unmap: () => {},
    destroy: () => {
      b.destroyed = true;
    },
  };
  return b;
}

/** A recorded dispatch: the bind group's buffers by binding, and the workgroup counts. */
export interface FakeDispatch {
  entries: Map<number, FakeBuffer>;
  workgroups: number[];
}

export interface FakeDevice {
  created: FakeBuffer[];
  submits: number;
  /** shader texts compiled, and dispatches run (nothing is computed) */
  shaders: string[];
  dispatched: FakeDispatch[];
  createShaderModule(d: { code: string }): unknown;
  createComputePipelineAsync(d: unknown): Promise<unknown>;
  createBindGroup(d: { entries: { binding: number; resource: { buffer: FakeBuffer } }[] }): unknown;
  limits: Record<string, number>;
  features: Set<string>;
  createBuffer(d: { size: number; usage: number }): FakeBuffer;
  createCommandEncoder(): unknown;
  queue: {
    writeBuffer(b: FakeBuffer, off: number, src: ArrayBufferLike, srcOff?: number, size?: number): void;
    submit(cmds: unknown[]): void;
  };
  addEventListener(): void;
  lost: Promise<never>;
  destroy(): void;
}

/** A device whose buffers are byte arrays; copies run when their command buffer is submitted. */
export function fakeDevice(limits: Record<string, number> = {}, features: string[] = []): FakeDevice {
  const dev: FakeDevice = {
    created: [],
    submits: 0,
    shaders: [],
    dispatched: [],
    createShaderModule: ({ code }) => {
      dev.shaders.push(code);
      return {};
    },
    createComputePipelineAsync: async () => ({ getBindGroupLayout: () => ({}) }),
    createBindGroup: ({ entries }) => ({
      entries: new Map(entries.map((e) => [e.binding, e.resource.buffer])),
    }),
    limits,
    features: new Set(features),
    createBuffer: ({ size, usage }) => {
      const b = fakeBuffer(size, usage);
      dev.created.push(b);
      return b;
    },
    createCommandEncoder: () => {
      const ops: (() => void)[] = [];
      return {
        copyBufferToBuffer: (s: FakeBuffer, so: number, d: FakeBuffer, dO: number, n: number) =>
          ops.push(() => d.data.set(s.data.subarray(so, so + n), dO)),
        beginComputePass: () => {
          let group: { entries: Map<number, FakeBuffer> } | null = null;
          return {
            setPipeline: () => {},
            setBindGroup: (_: number, g: { entries: Map<number, FakeBuffer> }) => {
              group = g;
            },
            dispatchWorkgroups: (...w: number[]) =>
              ops.push(() => dev.dispatched.push({ entries: group!.entries, workgroups: w })),
            end: () => {},
          };
        },
        finish: () => ops,
      };
    },
    queue: {
      writeBuffer: (b, off, src, srcOff = 0, size) => {
        const bytes = new Uint8Array(src as ArrayBuffer, srcOff, size ?? src.byteLength - srcOff);
        b.data.set(bytes, off);
      },
      submit: (cmds) => {
        dev.submits++;
        for (const c of cmds as (() => void)[][]) for (const op of c) op();
      },
    },
    addEventListener: () => {},
    lost: new Promise<never>(() => {}),
    destroy: () => {},
  };
  return dev;
}

/** Installs navigator.gpu with one adapter handing out `device`; returns the restore function. */
export function installFakeGpu(
  device: FakeDevice,
  adapterLimits: Record<string, number>,
  adapterFeatures: string[] = [],
  adapterInfo: Record<string, unknown> = {},
): { restore: () => void; requested: { requiredLimits?: unknown; requiredFeatures?: unknown }[] } {
  const requested: { requiredLimits?: unknown; requiredFeatures?: unknown }[] = [];
  const adapter = {
    limits: adapterLimits,
    features: new Set(adapterFeatures),
    info: { vendor: 'fake', architecture: 'test', description: '', ...adapterInfo },
    requestDevice: async (d: { requiredLimits?: unknown; requiredFeatures?: unknown }) => {
      requested.push(d);
      return device;
    },
  };
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: { requestAdapter: async () => adapter } },
    configurable: true,
    writable: true,
  });
  return {
    requested,
    restore: () => {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete (globalThis as { navigator?: unknown }).navigator;
    },
  };
}

/** Adapter limits with room for every test shape (1 GiB buffers, 48 KiB workgroup memory). */
export const ROOMY_LIMITS = {
  maxStorageBufferBindingSize: 2 ** 30,
  maxBufferSize: 2 ** 30,
  maxComputeWorkgroupStorageSize: 49152,
  maxComputeInvocationsPerWorkgroup: 1024,
  maxStorageBuffersPerShaderStage: 10,
  maxComputeWorkgroupsPerDimension: 65535,
};

/**
 * Registers vitest hooks that give every test a fresh fake device with `limits` and a
 * webgpu-wgsl scanner on it, destroyed and uninstalled afterwards. Read `dev` and `s` inside tests.
 */
export function useFakeWgslScanner(limits: Record<string, number>): { dev: FakeDevice; s: Scanner } {
  const fx = {} as { dev: FakeDevice; s: Scanner };
  let restore = () => {};
  beforeEach(async () => {
    fx.dev = fakeDevice(limits);
    restore = installFakeGpu(fx.dev, limits).restore;
    fx.s = await createScanner({ backend: 'webgpu-wgsl' });
  });
  afterEach(() => {
    fx.s.destroy();
    restore();
  });
  return fx;
}
