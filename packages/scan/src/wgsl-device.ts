// The GPUDevice of the `webgpu-wgsl` backend: seqmod's own WGSL compute shaders driven through
// the WebGPU API directly (not gpu.js). In browsers `navigator.gpu`; in Node the same global once
// installNodeWebGPU(await import('webgpu')) has put Dawn there.
//
// The device asks for the adapter's own limits where the defaults are too small for a scan of
// B·L·D ≥ 2^24: storage bindings of 64 MiB and more (the default maxStorageBufferBindingSize
// is 128 MiB, reached at 2^25 floats), workgroup memory for the staged B/C tiles and the scan
// aggregates (default 16 KiB), and the storage-buffer count (the forward binds 8, the default).
// `subgroups` and `timestamp-query` are enabled when offered (the latter for the benchmark).
import { BackendError } from '@seqmod/tensor';

/** The limits the kernels are sized against (what the device was granted). */
export interface WgslLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxStorageBuffersPerShaderStage: number;
  maxComputeWorkgroupsPerDimension: number;
}

export interface WgslDevice {
  device: GPUDevice;
  limits: WgslLimits;
  /** the adapter offered `subgroups` and the device has it enabled */
  subgroups: boolean;
  /**
   * the subgroup size when `subgroups` is enabled and the adapter reports one fixed size
   * (subgroupMinSize = subgroupMaxSize), else 0: what the shuffle combine is generated for
   */
  subgroupSize: number;
  /** `timestamp-query` is enabled */
  timestamps: boolean;
  /** a description of the adapter, for reports */
  adapter: string;
}

const RAISED: (keyof WgslLimits)[] = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
];

function gpuOf(): GPU | null {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? null;
}

/** The adapter the backend would use, or null (no navigator.gpu, or no adapter). */
export async function wgslAdapter(): Promise<GPUAdapter | null> {
  const gpu = gpuOf();
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    return null;
  }
}

function describe(adapter: GPUAdapter): string {
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  if (!info) return 'unknown adapter';
  return [info.vendor, info.architecture, info.description].filter((v) => v).join(' ') || 'unknown adapter';
}

/** The adapter's subgroup size when it has one fixed size (and subgroups are on), else 0. */
export function fixedSubgroupSize(adapter: Pick<GPUAdapter, 'info'> | object, subgroups: boolean): number {
  const info = (adapter as { info?: { subgroupMinSize?: number; subgroupMaxSize?: number } }).info;
  const lo = info?.subgroupMinSize ?? 0;
  const hi = info?.subgroupMaxSize ?? 0;
  return subgroups && lo > 0 && lo === hi ? lo : 0;
}

/** Opens a device with the raised limits; a BackendError when there is no adapter. */
export async function openWgslDevice(): Promise<WgslDevice> {
  const adapter = await wgslAdapter();
  if (!adapter) throw new BackendError('createScanner', 'navigator.gpu returned no adapter');
  const requiredLimits: Record<string, number> = {};
  for (const k of RAISED) requiredLimits[k] = adapter.limits[k];
  const features: GPUFeatureName[] = [];
  const subgroups = adapter.features.has('subgroups');
  const timestamps = adapter.features.has('timestamp-query');
  if (subgroups) features.push('subgroups' as GPUFeatureName);
  if (timestamps) features.push('timestamp-query');
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures: features });
  } catch (e) {
    throw new BackendError('createScanner', `requestDevice failed: ${(e as Error).message}`);
  }
  const limits = {} as WgslLimits;
  for (const k of RAISED) limits[k] = device.limits[k];
  return {
    device,
    limits,
    subgroups,
    subgroupSize: fixedSubgroupSize(adapter, subgroups),
    timestamps,
    adapter: describe(adapter),
  };
}
