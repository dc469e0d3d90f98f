// Which backends this platform has, and the choice rule: the first available of
// webgpu-wgsl > webgpu > webgl2 > headlessgl > wasm-simd > webasm > cpu, unless the caller names one, in which case a
// missing backend is a BackendError (never a silent fallback).
import { BackendError } from '@seqmod/tensor';
import { ALL_BACKENDS, BACKEND_ORDER, type BackendName } from './backend-name';
import { GPU } from './gpujs';
import { isWasmSimdSupported } from './wasm-scan-module';
import { wgslAdapter } from './wgsl-device';

/** Whether `name` can run here (webgpu asks for an adapter, so this is async). */
export async function isBackendAvailable(name: BackendName): Promise<boolean> {
  switch (name) {
    case 'webgpu-wgsl':
      return (await wgslAdapter()) !== null;
    case 'webgpu':
      if (!GPU.isWebGPUSupported) return false;
      try {
        return await GPU.isWebGPUAvailable();
      } catch {
        return false;
      }
    case 'webgl2':
      return GPU.isWebGL2Supported;
    case 'headlessgl':
      return GPU.isHeadlessGLSupported;
    case 'wasm-simd':
      return isWasmSimdSupported();
    case 'webasm':
      return GPU.isWebAssemblySupported;
    case 'cpu':
    case 'gpujs-cpu':
      return true;
  }
}

/** The backends available here, in choice order. */
export async function availableBackends(): Promise<BackendName[]> {
  const out: BackendName[] = [];
  for (const b of BACKEND_ORDER) if (await isBackendAvailable(b)) out.push(b);
  return out;
}

function why(name: BackendName): string {
  switch (name) {
    case 'webgpu-wgsl':
    case 'webgpu':
      return typeof navigator === 'undefined' || !(navigator as { gpu?: unknown }).gpu
        ? 'navigator.gpu is missing (in Node call installNodeWebGPU(await import("webgpu")) first; Dawn needs glibc ≥ 2.38)'
        : 'navigator.gpu returned no adapter';
    case 'webgl2':
      return 'no WebGL2 context (a browser with WebGL2 is needed)';
    case 'headlessgl':
      return 'headless-gl (the optional `gl` package) is not built in this Node';
    case 'wasm-simd':
      return 'WebAssembly with fixed-width SIMD (v128) is not available';
    case 'webasm':
      return 'WebAssembly is not available';
    default:
      return 'unknown';
  }
}

/** Resolves 'auto' or a named backend to one that runs here. */
export async function resolveBackend(requested: BackendName | 'auto'): Promise<BackendName> {
  if (requested === 'auto') {
    for (const b of BACKEND_ORDER) if (await isBackendAvailable(b)) return b;
    return 'cpu';
  }
  if (!ALL_BACKENDS.includes(requested)) {
    throw new BackendError(
      'createScanner',
      `unknown backend "${String(requested)}"; one of ${ALL_BACKENDS.join(', ')}`,
    );
  }
  if (!(await isBackendAvailable(requested))) {
    throw new BackendError('createScanner', `backend ${requested} is not available: ${why(requested)}`);
  }
  return requested;
}
