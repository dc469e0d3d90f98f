// Builds, caches and calls the gpu.js kernels of one scanner, and checks that every kernel ran
// on the backend the scanner was created for: gpu.js degrades some kernels silently (webasm to
// cpu for unsupported features, a kernel switching class on an argument change); here that is a
// BackendError, never a slow path in disguise.
//
// Two results of one gpu.js kernel kept alive must not be one buffer: without `immutable: true`
// gpu.js renders every call of a kernel into the same output, the second call overwriting the
// first. Immutable kernels allocate a fresh buffer per call instead, which on the H100 cost
// 0.6 ms of driver time per 32 MB result. So results the caller keeps come from a pool of
// mutable kernel instances: an instance serves again only after the result it produced was
// released, so live results never share memory, and a steady caller allocates nothing.
// Intermediates of a plan use one mutable instance per call site (see call()).
import { BackendError } from '@seqmod/tensor';
import { type BackendName, isDeviceBackend } from './backend-name';
import { DeviceArray, flattenResult, type GpuHandle } from './device-array';
import {
  CPUKernel,
  type GpuInstance,
  HeadlessGLKernel,
  input,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGPUKernel,
} from './gpujs';
import { pow2Table } from './kernel-exp';
import type { KernelSpec } from './kernel-spec';
import { scalarView } from './webgpu-scalar-view';

type Shortcut = ((...args: unknown[]) => unknown) & {
  kernel: { constructor: unknown; fallbackReason?: string | null };
};

/** The backends that run gpu.js kernels. */
export type GpujsBackend = Exclude<BackendName, 'cpu' | 'wasm-simd' | 'webgpu-wgsl'>;

const EXPECTED: Record<GpujsBackend, unknown> = {
  webgpu: WebGPUKernel,
  webgl2: WebGL2Kernel,
  headlessgl: HeadlessGLKernel,
  webasm: WebAssemblyKernel,
  'gpujs-cpu': CPUKernel,
};

export type Step<T> = T | Promise<T>;

export class KernelRunner {
  readonly backend: GpujsBackend;
  /** Kernel launches since creation (tests and per-call info read differences). */
  launches = 0;
  private readonly gpu: GpuInstance;
  private readonly asyncMode: boolean;
  private readonly kernels = new Map<string, Shortcut>();
  private readonly checked = new Set<string>();
  private readonly pools = new Map<
    string,
    { free: { key: string; kernel: Shortcut | null }[]; made: number }
  >();
  private readonly pow2 = pow2Table();
  private scope: DeviceArray[] | null = null;

  constructor(gpu: GpuInstance, backend: GpujsBackend, asyncMode: boolean) {
    this.gpu = gpu;
    this.backend = backend;
    this.asyncMode = asyncMode;
  }

  get resident(): boolean {
    return isDeviceBackend(this.backend);
  }

  /** Number of distinct kernels built. */
  get kernelCount(): number {
    return this.kernels.size;
  }

  private kernelFor(spec: KernelSpec, key: string, immutable: boolean): Shortcut {
    let k = this.kernels.get(key);
    if (!k) {
      const settings: Record<string, unknown> = {
        output: spec.output,
        pipeline: this.resident,
        immutable,
        asyncMode: this.asyncMode,
        loopMaxIterations: spec.loopMax + 1,
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: false,
        dynamicArguments: false,
      };
      if (spec.usesPow2) settings.constants = { pow2: this.pow2 };
      k = this.gpu.createKernel(spec.source, settings) as unknown as Shortcut;
      this.kernels.set(key, k);
    }
    return k;
  }

  private checkRanOn(spec: KernelSpec, k: Shortcut, key: string): void {
    if (this.checked.has(key)) return;
    const ran = k.kernel;
    const expected = EXPECTED[this.backend];
    if (ran.fallbackReason || ran.constructor !== expected) {
      const name = (ran.constructor as { name?: string }).name ?? 'unknown';
      throw new BackendError(
        `scan kernel ${spec.key.split(':')[0]}`,
        `asked for the ${this.backend} backend but gpu.js ran ${name}` +
          (ran.fallbackReason ? ` (fallback: ${ran.fallbackReason})` : ''),
      );
    }
    this.checked.add(key);
  }

  /** A kernel that failed to build or run, as a BackendError naming it (and the shader line at fault). */
  private buildError(spec: KernelSpec, k: Shortcut, e: unknown): BackendError {
    if (e instanceof BackendError) return e;
    const msg = e instanceof Error ? e.message : String(e);
    let where = '';
    const m = /ERROR: \d+:(\d+):/.exec(msg);
    const shader = (k.kernel as { compiledFragmentShader?: string | null }).compiledFragmentShader;
    if (m && shader) {
      const lines = shader.split('\n');
      const n = Number(m[1]);
      where = `\n  shader line ${n}: ${lines[n - 1]?.trim() ?? '?'}`;
    }
    return new BackendError(
      `scan kernel ${spec.key}`,
      `${this.backend} failed: ${msg.split('\n')[0]}${where}`,
    );
  }

  /** Starts collecting the intermediates of one plan. */
  beginScope(): void {
    this.scope = [];
  }

  /** Frees every intermediate of the plan except `keep`. */
  endScope(keep: readonly (DeviceArray | null | undefined)[]): void {
    const scope = this.scope ?? [];
    this.scope = null;
    const kept = new Set(keep.filter((k): k is DeviceArray => k != null));
    for (const a of scope) if (!kept.has(a)) a.delete();
  }

  private wrap(
    spec: KernelSpec,
    result: unknown,
    immutable: boolean,
    release: (() => void) | null,
  ): DeviceArray {
    let a: DeviceArray;
    if (spec.components && spec.components > 1) {
      if (this.backend !== 'webgpu') {
        throw new BackendError(`scan kernel ${spec.key}`, `Array(n) results are used on webgpu only`);
      }
      const [x, y = 1, z = 1] = spec.output;
      const dims = [spec.components * x, y, z];
      a = new DeviceArray(dims, null, scalarView(result, dims), true, release);
    } else if (this.resident) {
      // a GL texture of a mutable kernel belongs to the kernel (deleting it breaks the next
      // call); WebGPU results are reference counted, so releasing one is always safe
      const owned = immutable || this.backend === 'webgpu';
      a = new DeviceArray(spec.output, null, result as GpuHandle, owned, release);
    } else {
      let n = 1;
      for (const d of spec.output) n *= d;
      a = new DeviceArray(spec.output, flattenResult(result, n, spec.key), null);
    }
    this.scope?.push(a);
    return a;
  }

  /**
   * Runs `spec` with arguments bound by parameter name. On device backends, a result the caller
   * keeps (`keep`) comes from an immutable kernel (a fresh buffer per call); an intermediate of a
   * plan comes from a mutable kernel that renders every call into one buffer, which saves an
   * allocation (and the driver's zero fill) per launch. That is safe because an intermediate
   * dies before the plan ends and plans never hold two results of one call site (`site` tells
   * apart two call sites of one spec).
   */
  call(
    spec: KernelSpec,
    args: Record<string, DeviceArray | null | undefined>,
    opts: { keep?: boolean; site?: string } = {},
  ): Step<DeviceArray> {
    // host backends copy every result out of the kernel: one immutable kernel serves all calls
    const base = `${spec.key}${this.resident ? ':m' : ''}${opts.site ? `@${opts.site}` : ''}`;
    let key = base;
    let release: (() => void) | null = null;
    let k: Shortcut;
    if (this.resident && opts.keep === true) {
      let pool = this.pools.get(base);
      if (!pool) {
        pool = { free: [], made: 0 };
        this.pools.set(base, pool);
      }
      const p = pool;
      const instance = p.free.pop() ?? { key: `${base}#${p.made++}`, kernel: null as Shortcut | null };
      instance.kernel ??= this.kernelFor(spec, instance.key, false);
      key = instance.key;
      k = instance.kernel;
      release = () => p.free.push(instance);
    } else k = this.kernelFor(spec, key, !this.resident);
    const immutable = !this.resident;
    const values = spec.params.map((p) => {
      const a = args[p];
      if (!a) throw new BackendError(`scan kernel ${spec.key}`, `missing argument ${p}`);
      if (a.isDeleted) throw new BackendError(`scan kernel ${spec.key}`, `argument ${p} was released`);
      if (a.handle) return a.handle;
      return input(a.host!, [...a.dims]);
    });
    this.launches++;
    let result: unknown;
    try {
      result = k(...values);
    } catch (e) {
      throw this.buildError(spec, k, e);
    }
    if (result instanceof Promise) {
      return result.then(
        (r) => {
          this.checkRanOn(spec, k, key);
          return this.wrap(spec, r, immutable, release);
        },
        (e) => {
          throw this.buildError(spec, k, e);
        },
      );
    }
    this.checkRanOn(spec, k, key);
    return this.wrap(spec, result, immutable, release);
  }

  /** A host array as a kernel operand on this backend (uploaded when the backend has device memory). */
  upload(
    data: Float32Array,
    dims: readonly number[],
    identity: KernelSpec,
    opts: { keep?: boolean; site?: string } = {},
  ): Step<DeviceArray> {
    const host = new DeviceArray(dims, data, null);
    if (!this.resident) return host;
    return this.call(identity, { v: host }, opts);
  }

  /** The values of an operand. */
  download(a: DeviceArray, op: string): Step<Float32Array> {
    if (a.host) return a.host;
    if (a.isDeleted) throw new BackendError(op, 'the array was released');
    const r = a.handle!.toArray();
    if (r instanceof Promise) return r.then((v) => flattenResult(v, a.length, op));
    return flattenResult(r, a.length, op);
  }

  destroy(): void {
    for (const k of this.kernels.values()) {
      try {
        (k as unknown as { destroy(): void }).destroy();
      } catch {
        // a kernel that never built has nothing to free
      }
    }
    this.kernels.clear();
  }
}
