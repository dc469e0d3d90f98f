// The scan module: valid WebAssembly with SIMD, built once, each instance with its own memory.
import { describe, expect, it } from 'vitest';
import { instantiateScanModule, isWasmSimdSupported, scanModuleBytes } from '../src/wasm-scan-module';

describe('scan module', () => {
  it('validates, exports the four kernels, and gives each instance its own memory', async () => {
    expect(isWasmSimdSupported()).toBe(true);
    const bytes = scanModuleBytes();
    expect(scanModuleBytes()).toBe(bytes);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    expect(names.sort()).toEqual(['lsb', 'lsf', 'mem', 'ssb', 'ssf']);
    const a = await instantiateScanModule();
    const b = await instantiateScanModule();
    expect(a.mem).not.toBe(b.mem);
  });
});
