import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { availableBackends, BACKEND_ORDER, createScanner, isBackendAvailable } from '../src/index';

describe('backend selection', () => {
  it('lists what runs here, best first, with the cpu reference last', async () => {
    const list = await availableBackends();
    expect(list.at(-1)).toBe('cpu');
    expect(list).toContain('webasm');
    expect(list).toContain('wasm-simd');
    const order = ['webgpu-wgsl', 'webgpu', 'webgl2', 'headlessgl', 'wasm-simd', 'webasm', 'cpu'];
    expect([...list].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(list);
  });

  it('auto takes the first available and says so (wasm-simd over gpu.js webasm on the CPU)', async () => {
    const s = await createScanner();
    expect(s.backend).toBe((await availableBackends())[0]);
    // without a GPU backend, seqmod's wasm kernels come before gpu.js's webasm
    if (!['webgpu-wgsl', 'webgpu', 'webgl2', 'headlessgl'].includes(s.backend))
      expect(s.backend).toBe('wasm-simd');
    s.destroy();
  });

  it('a missing backend is a BackendError that says why', async () => {
    expect(await isBackendAvailable('webgpu')).toBe(false);
    await expect(createScanner({ backend: 'webgpu' })).rejects.toThrow(BackendError);
    await expect(createScanner({ backend: 'webgpu' })).rejects.toThrow(/installNodeWebGPU/);
    await expect(createScanner({ backend: 'webgl2' })).rejects.toThrow(/not available/);
    await expect(createScanner({ backend: 'nope' as never })).rejects.toThrow(/unknown backend/);
  });

  it('webgpu-wgsl comes first in the order and, without an adapter, is a BackendError naming why', async () => {
    expect(BACKEND_ORDER[0]).toBe('webgpu-wgsl');
    expect(BACKEND_ORDER.indexOf('webgpu-wgsl')).toBeLessThan(BACKEND_ORDER.indexOf('webgpu'));
    // no navigator.gpu in this Node process (Dawn needs glibc 2.38+)
    expect(await isBackendAvailable('webgpu-wgsl')).toBe(false);
    expect(await availableBackends()).not.toContain('webgpu-wgsl');
    await expect(createScanner({ backend: 'webgpu-wgsl' })).rejects.toThrow(BackendError);
    await expect(createScanner({ backend: 'webgpu-wgsl' })).rejects.toThrow(/navigator\.gpu is missing/);
  });

  it('webgpu-wgsl with navigator.gpu but no adapter is a BackendError, not a fallback', async () => {
    const g = globalThis as { navigator?: unknown };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: { requestAdapter: async () => null } },
      configurable: true,
      writable: true,
    });
    try {
      expect(await isBackendAvailable('webgpu-wgsl')).toBe(false);
      await expect(createScanner({ backend: 'webgpu-wgsl' })).rejects.toThrow(
        /navigator\.gpu returned no adapter/,
      );
    } finally {
      if (saved) Object.defineProperty(globalThis, 'navigator', saved);
      else delete g.navigator;
    }
  });
});
