// createScanner: one backend, its kernels (gpu.js kernels built on first use and cached per
// shape; seqmod's wasm module; seqmod's WGSL pipelines), and the scan operations, each
// asynchronous (`await scanner.selectiveScan(...)`) with a synchronous twin
// (`selectiveScanSync`) on backends that can run without awaiting (all but the WebGPU ones).
//
// Backend rule: `backend: 'auto'` (the default) takes the first available of
// webgpu-wgsl > webgpu > webgl2 > headlessgl > wasm-simd > webasm > cpu; a named backend that is
// missing is a BackendError.
// `scanner.backend` says which one runs, and every call reports it again in `info`.
import { BackendError } from '@seqmod/tensor';
import { type BackendName, isAsyncOnly } from './backend-name';
import { resolveBackend } from './backend-select';
import { DeviceArray } from './device-array';
import { DeviceTensor, gpuDims, type HostTensor } from './device-tensor';
import type { FormOptions } from './form-choice';
import { GPU, type GpuInstance, WebAssemblyKernel } from './gpujs';
import { KernelRunner } from './kernel-runner';
import { identitySource } from './kernel-source-linear';
import {
  type LinearScanBackwardInputs,
  type LinearScanGradients,
  type LinearScanInputs,
  type LinearScanOutput,
  linearScanBackwardOp,
  linearScanOp,
} from './linear-scan-op';
import { type Plan, runAsync, runSync } from './plan-driver';
import type { CallOptions, ExecContext } from './scan-call';
import { expectLength } from './scan-shapes';
import {
  type SelectiveScanBackwardInputs,
  type SelectiveScanGradients,
  type SelectiveScanInputs,
  type SelectiveScanOutput,
  selectiveScanBackwardOp,
  selectiveScanOp,
} from './selective-scan-op';
import { WasmScanEngine } from './wasm-scan-engine';
import { WgslScanEngine } from './wgsl-scan-engine';

export interface ScannerOptions extends FormOptions {
  /** 'auto' (default) or a backend name; a named backend must be available. */
  backend?: BackendName | 'auto';
}

export class Scanner {
  /** The backend every call of this scanner runs on. */
  readonly backend: BackendName;
  private readonly gpu: GpuInstance | null;
  private readonly syncRunner: KernelRunner | null;
  private readonly asyncRunner: KernelRunner | null;
  private wasm: WasmScanEngine | null;
  /** @internal the engine of the webgpu-wgsl backend (benchmarks reach its tile overrides) */
  wgsl: WgslScanEngine | null;
  private readonly defaults: FormOptions;
  private destroyed = false;

  /**
   * @internal use createScanner (wasm: the engine of the wasm-simd backend; wgsl: the engine of
   * the webgpu-wgsl backend)
   */
  constructor(
    backend: BackendName,
    defaults: FormOptions,
    wasm: WasmScanEngine | null = null,
    wgsl: WgslScanEngine | null = null,
  ) {
    this.backend = backend;
    this.defaults = defaults;
    this.wasm = wasm;
    this.wgsl = wgsl;
    if (backend === 'wasm-simd' && !wasm)
      throw new BackendError('createScanner', 'wasm-simd needs its engine');
    if (backend === 'webgpu-wgsl' && !wgsl)
      throw new BackendError('createScanner', 'webgpu-wgsl needs its engine');
    if (backend === 'cpu' || backend === 'wasm-simd' || backend === 'webgpu-wgsl') {
      this.gpu = null;
      this.syncRunner = null;
      this.asyncRunner = null;
      return;
    }
    this.gpu = new GPU({ mode: (backend === 'gpujs-cpu' ? 'cpu' : backend) as never });
    this.syncRunner = new KernelRunner(this.gpu, backend, false);
    // webasm splits kernels over worker threads only under gpu.js's async contract
    this.asyncRunner = backend === 'webasm' ? new KernelRunner(this.gpu, backend, true) : this.syncRunner;
  }

  /** Whether the synchronous methods work on this backend (all but webgpu-wgsl and webgpu). */
  get canRunSync(): boolean {
    return !isAsyncOnly(this.backend);
  }

  private context(async: boolean): ExecContext {
    if (this.destroyed) throw new BackendError('scanner', 'this scanner was destroyed');
    const runner = async ? this.asyncRunner : this.syncRunner;
    return {
      backend: this.backend,
      runner,
      wasm: this.wasm,
      wgsl: this.wgsl,
      owner: this,
      fastExp: this.backend === 'webasm',
      intOps: this.backend !== 'webgl2' && this.backend !== 'headlessgl',
      threaded: async && this.backend === 'webasm' && Boolean(WebAssemblyKernel.isThreadsSupported),
    };
  }

  private opts(o?: CallOptions): CallOptions {
    return { ...this.defaults, ...o };
  }

  private sync<R>(op: string, plan: (ctx: ExecContext) => Plan<R>): R {
    if (!this.canRunSync)
      throw new BackendError(
        op,
        `the ${this.backend} backend has no synchronous readback: use the async method`,
      );
    return runSync(plan(this.context(false)), op);
  }

  /** h_t = a_t ⊙ h_{t−1} + b_t: a, b [B, L, D], h0 [B, D] -> h [B, L, D]. */
  linearScan(x: LinearScanInputs, o?: CallOptions): Promise<LinearScanOutput> {
    return runAsync(linearScanOp(this.context(true), x, this.opts(o)));
  }

  linearScanSync(x: LinearScanInputs, o?: CallOptions): LinearScanOutput {
    return this.sync('linearScan', (ctx) => linearScanOp(ctx, x, this.opts(o)));
  }

  /** Gradients of Σ h ⊙ gh: -> ∂a, ∂b [B, L, D], ∂h0 [B, D]. */
  linearScanBackward(x: LinearScanBackwardInputs, o?: CallOptions): Promise<LinearScanGradients> {
    return runAsync(linearScanBackwardOp(this.context(true), x, this.opts(o)));
  }

  linearScanBackwardSync(x: LinearScanBackwardInputs, o?: CallOptions): LinearScanGradients {
    return this.sync('linearScanBackward', (ctx) => linearScanBackwardOp(ctx, x, this.opts(o)));
  }

  /** The Mamba selective scan: -> out [B, L, D], lastState [B, D, N]. */
  selectiveScan(x: SelectiveScanInputs, o?: CallOptions): Promise<SelectiveScanOutput> {
    return runAsync(selectiveScanOp(this.context(true), x, this.opts(o)));
  }

  selectiveScanSync(x: SelectiveScanInputs, o?: CallOptions): SelectiveScanOutput {
    return this.sync('selectiveScan', (ctx) => selectiveScanOp(ctx, x, this.opts(o)));
  }

  /** Gradients of Σ out ⊙ gOut + Σ lastState ⊙ gLastState with respect to every input. */
  selectiveScanBackward(x: SelectiveScanBackwardInputs, o?: CallOptions): Promise<SelectiveScanGradients> {
    return runAsync(selectiveScanBackwardOp(this.context(true), x, this.opts(o)));
  }

  selectiveScanBackwardSync(x: SelectiveScanBackwardInputs, o?: CallOptions): SelectiveScanGradients {
    return this.sync('selectiveScanBackward', (ctx) => selectiveScanBackwardOp(ctx, x, this.opts(o)));
  }

  private *uploadPlan(ctx: ExecContext, x: HostTensor): Plan<DeviceTensor> {
    expectLength('upload', 'data', x.data.length, x.shape);
    const data = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
    if (ctx.wgsl) return ctx.wgsl.upload(data, x.shape, this);
    const dims = gpuDims(x.shape);
    if (!ctx.runner) return new DeviceTensor(x.shape, this.backend, new DeviceArray(dims, data, null), this);
    const arr = (yield ctx.runner.upload(data, dims, identitySource(dims), { keep: true })) as DeviceArray;
    return new DeviceTensor(x.shape, this.backend, arr, this);
  }

  /** Puts a host tensor into the backend's memory, for calls that take DeviceTensors. */
  upload(x: HostTensor): Promise<DeviceTensor> {
    return runAsync(this.uploadPlan(this.context(true), x));
  }

  uploadSync(x: HostTensor): DeviceTensor {
    return this.sync('upload', (ctx) => this.uploadPlan(ctx, x));
  }

  private *downloadPlan(t: DeviceTensor): Plan<Float32Array> {
    if (t.owner !== this) throw new BackendError('download', 'the tensor lives on another scanner');
    if (t.released) throw new BackendError('download', 'the tensor was released');
    if (t.array.host) return t.array.host;
    if (this.wgsl) return (yield this.wgsl.download(t.array, 'download')) as Float32Array;
    return (yield this.syncRunner!.download(t.array, 'download')) as Float32Array;
  }

  /** The values of a DeviceTensor (row-major, its shape). */
  download(t: DeviceTensor): Promise<Float32Array> {
    return runAsync(this.downloadPlan(t));
  }

  downloadSync(t: DeviceTensor): Float32Array {
    return this.sync('download', () => this.downloadPlan(t));
  }

  /** Kernel launches so far (both APIs; wasm-simd: wasm kernel calls; webgpu-wgsl: dispatches). */
  get launches(): number {
    const a = this.syncRunner?.launches ?? 0;
    const b = this.asyncRunner && this.asyncRunner !== this.syncRunner ? this.asyncRunner.launches : 0;
    return a + b + (this.wasm?.calls ?? 0) + (this.wgsl?.dispatches ?? 0);
  }

  /** Frees the kernels (and gpu.js's worker pool and contexts). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.wasm = null;
    this.wgsl?.destroy();
    this.wgsl = null;
    this.syncRunner?.destroy();
    if (this.asyncRunner !== this.syncRunner) this.asyncRunner?.destroy();
    void this.gpu?.destroy();
  }
}

/**
 * A scanner on `backend` ('auto': webgpu-wgsl > webgpu > webgl2 > headlessgl > wasm-simd >
 * webasm > cpu).
 */
export async function createScanner(opts: ScannerOptions = {}): Promise<Scanner> {
  const { backend = 'auto', ...defaults } = opts;
  const name = await resolveBackend(backend);
  // the wasm module is compiled asynchronously (over the 4 KB that browsers compile on the main thread)
  const wasm = name === 'wasm-simd' ? await WasmScanEngine.create() : null;
  const wgsl = name === 'webgpu-wgsl' ? await WgslScanEngine.create() : null;
  return new Scanner(name, defaults, wasm, wgsl);
}
