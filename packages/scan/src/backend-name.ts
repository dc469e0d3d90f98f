// The backends a scanner can run on, best first, and what each one is.
//   webgpu-wgsl seqmod's own WGSL compute shaders through the WebGPU API (not gpu.js): one fused
//               dispatch per scan, threads split over channels and time with workgroup scans
//               (wgsl-scan-engine.ts); browser, and Node through Dawn
//   webgpu      gpu.js WGSL compute shaders over storage buffers (browser; Node through Dawn):
//               the portable comparison, selectable by name
//   webgl2      gpu.js GLSL ES 3.00 fragment shaders (browser)
//   headlessgl  gpu.js on headless-gl (Node with the optional `gl` package built)
//   wasm-simd   seqmod's own WebAssembly SIMD kernels (not gpu.js): one fused pass per channel
//               with the states in registers, as mamba's CUDA kernel does (wasm-scan-module.ts)
//   webasm      gpu.js WebAssembly with f32x4 SIMD (worker threads under the async API)
//   cpu         the plain-JS reference (sequential per channel; float64 when the inputs are)
//   gpujs-cpu   the gpu.js kernels run by gpu.js's cpu mode (plain JS): a test backend, never
//               picked automatically.

export type BackendName =
  | 'webgpu-wgsl'
  | 'webgpu'
  | 'webgl2'
  | 'headlessgl'
  | 'wasm-simd'
  | 'webasm'
  | 'cpu'
  | 'gpujs-cpu';

/**
 * The automatic choice order. webgpu-wgsl comes before gpu.js's webgpu on the same adapter: one
 * fused dispatch instead of ~11 gpu.js launches with chunk re-walks (README, H100 table).
 * wasm-simd comes before gpu.js's webasm on the CPU: on the same machine it runs the selective
 * scan 19–37× faster (README, benchmarks), because one output per gpu.js thread forces webasm
 * into redundant chunk walks and 4-lane gathers.
 */
export const BACKEND_ORDER: readonly BackendName[] = [
  'webgpu-wgsl',
  'webgpu',
  'webgl2',
  'headlessgl',
  'wasm-simd',
  'webasm',
  'cpu',
];

export const ALL_BACKENDS: readonly BackendName[] = [...BACKEND_ORDER, 'gpujs-cpu'];

/** Backends whose kernel results live in device memory. */
export function isDeviceBackend(b: BackendName): boolean {
  return b === 'webgpu-wgsl' || b === 'webgpu' || b === 'webgl2' || b === 'headlessgl';
}

/** Backends whose results come back only asynchronously (WebGPU's buffer mapping). */
export function isAsyncOnly(b: BackendName): boolean {
  return b === 'webgpu-wgsl' || b === 'webgpu';
}

/** The gpu.js mode of a backend (null for the reference and for seqmod's wasm and WGSL kernels). */
export function gpujsMode(b: BackendName): string | null {
  switch (b) {
    case 'cpu':
    case 'wasm-simd':
    case 'webgpu-wgsl':
      return null;
    case 'gpujs-cpu':
      return 'cpu';
    default:
      return b;
  }
}
