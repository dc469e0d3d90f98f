// What every scanner call shares: its options, the per-call report, and binding operands of a
// block to kernel arrays (uploading host slices, or checking and reusing DeviceTensors).
import { ShapeError, ValueError } from '@seqmod/tensor';
import type { BackendName } from './backend-name';
import type { Block } from './block-plan';
import { DeviceArray } from './device-array';
import { checkOwned, DeviceTensor, gpuDims, type ScanArray, type ScanOperand } from './device-tensor';
import type { FloatArray } from './float-array';
import type { FormOptions, ScanForm } from './form-choice';
import type { KernelRunner } from './kernel-runner';
import { identitySource } from './kernel-source-linear';
import type { Plan } from './plan-driver';
import type { WasmScanEngine } from './wasm-scan-engine';
import type { WgslScanEngine } from './wgsl-scan-engine';

export interface CallOptions extends FormOptions {
  /** Return DeviceTensors that stay on the backend instead of host arrays (default false). */
  resident?: boolean;
}

/** What ran: reported by every call. */
export interface ScanInfo {
  /** The backend that computed the result. */
  backend: BackendName;
  /**
   * 'reference' for the cpu backend (plain JS), 'seqmod-wasm' for wasm-simd (seqmod's own wasm
   * kernels), 'seqmod-wgsl' for webgpu-wgsl (seqmod's own WGSL shaders), 'gpu.js' otherwise.
   */
  engine: 'reference' | 'gpu.js' | 'seqmod-wasm' | 'seqmod-wgsl';
  /**
   * cpu and wasm-simd: always 'sequential' (one fused pass per channel); webgpu-wgsl:
   * 'chunked' (workgroup scans over time tiles, in one dispatch), or 'sequential' for the
   * selective forward's state lanes (each channel walked over all of L by its lanes).
   */
  form: ScanForm;
  /**
   * T (the whole length for the sequential form; wasm-simd backward: the checkpoint interval;
   * webgpu-wgsl: the time tile S·K a workgroup scans per step; L for the state lanes).
   */
  chunk: number;
  /** Blocks the scan was cut into (2^24-element limit of gpu.js backends). */
  blocks: number;
  /** gpu.js kernel launches of this call (wasm-simd: wasm kernel calls; webgpu-wgsl: dispatches). */
  launches: number;
  computedIn: 'float32' | 'float64';
  /** webasm under the async API: kernels split across worker threads. */
  threaded: boolean;
}

export interface ExecContext {
  backend: BackendName;
  /** gpu.js backends */
  runner: KernelRunner | null;
  /** the wasm-simd backend */
  wasm: WasmScanEngine | null;
  /** the webgpu-wgsl backend */
  wgsl: WgslScanEngine | null;
  owner: object;
  fastExp: boolean;
  /** integer index arithmetic in kernels (false on GL backends) */
  intOps: boolean;
  threaded: boolean;
}

/** A DeviceTensor operand forces a single block; so does a resident result. */
export function checkSingleBlock(
  op: string,
  blocks: readonly Block[],
  operands: (ScanOperand | undefined)[],
  resident: boolean,
): void {
  if (blocks.length === 1) return;
  if (resident || operands.some((x) => x instanceof DeviceTensor)) {
    throw new ValueError(
      op,
      `this scan needs ${blocks.length} blocks to keep every kernel array under 2^24 elements; ` +
        'DeviceTensor operands and resident results must fit one block: pass host arrays',
    );
  }
}

/** Binds one operand of a block: a DeviceTensor as is, a host tensor as its uploaded slice. */
export function* bindOperand(
  ctx: ExecContext,
  op: string,
  name: string,
  x: ScanOperand | undefined,
  slice: (data: ArrayLike<number>) => Float32Array,
  dims: number[],
): Plan<DeviceArray | null> {
  if (x === undefined) return null;
  const r = ctx.runner!;
  if (x instanceof DeviceTensor) {
    checkOwned(op, name, x, ctx.owner);
    const have = x.array.dims;
    let n = 1;
    for (const d of dims) n *= d;
    if (x.array.length !== n)
      throw new ShapeError(
        op,
        `${name} on the device has dims [${have.join(', ')}], expected [${dims.join(', ')}]`,
      );
    if (have.length !== dims.length || have.some((v, i) => v !== dims[i])) {
      throw new ShapeError(
        op,
        `${name} on the device has gpu.js dims [${have.join(', ')}], expected [${dims.join(', ')}]`,
      );
    }
    return x.array;
  }
  return (yield r.upload(slice(x.data), dims, identitySource(dims), { site: name })) as DeviceArray;
}

/** The result of a kernel as a DeviceTensor (resident) or downloaded into `scatter`. */
export function* collect(
  ctx: ExecContext,
  op: string,
  arr: DeviceArray,
  shape: readonly number[],
  resident: boolean,
  scatter: (data: Float32Array) => void,
): Plan<DeviceTensor | null> {
  if (resident) return new DeviceTensor(shape, ctx.backend, arr, ctx.owner);
  const data = (yield ctx.runner!.download(arr, op)) as Float32Array;
  scatter(data);
  return null;
}

/** The host data of an operand (DeviceTensors of the cpu and wasm-simd backends hold host arrays). */
export function hostData(x: ScanOperand | undefined): ArrayLike<number> | undefined {
  if (x === undefined) return undefined;
  return x instanceof DeviceTensor ? x.array.host! : x.data;
}

/** Checks that every DeviceTensor operand of a host-memory backend (cpu, wasm-simd) is its own and alive. */
export function checkHostOperands(
  ctx: ExecContext,
  op: string,
  operands: Record<string, ScanOperand | undefined>,
): void {
  for (const [name, x] of Object.entries(operands)) {
    if (x instanceof DeviceTensor) checkOwned(op, name, x, ctx.owner);
  }
}

/** The reference computes in float64 when the leading operand's data is a Float64Array. */
export function referenceDType(x: ScanOperand): 'float32' | 'float64' {
  return !(x instanceof DeviceTensor) && x.data instanceof Float64Array ? 'float64' : 'float32';
}

/** A reference result as a host array, or (resident) a DeviceTensor of the cpu backend. */
export function asResult(
  ctx: ExecContext,
  data: FloatArray,
  shape: number[],
  resident: boolean,
): ScanArray | DeviceTensor {
  if (!resident) return { data, shape };
  const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
  return new DeviceTensor(shape, ctx.backend, new DeviceArray(gpuDims(shape), f32, null), ctx.owner);
}

/** A webgpu-wgsl result (a pooled buffer when resident, else read back) as the caller gets it. */
export function wgslResult(
  ctx: ExecContext,
  r: DeviceArray | Float32Array,
  shape: number[],
): ScanArray | DeviceTensor {
  if (r instanceof Float32Array) return { data: r, shape };
  return new DeviceTensor(shape, ctx.backend, r, ctx.owner);
}

export function makeInfo(
  ctx: ExecContext,
  form: ScanForm,
  chunk: number,
  blocks: number,
  launches: number,
  dtype: 'float32' | 'float64',
): ScanInfo {
  return {
    backend: ctx.backend,
    engine: ctx.wasm ? 'seqmod-wasm' : ctx.wgsl ? 'seqmod-wgsl' : ctx.runner ? 'gpu.js' : 'reference',
    form,
    chunk,
    blocks,
    launches,
    computedIn: dtype,
    threaded: ctx.threaded,
  };
}
