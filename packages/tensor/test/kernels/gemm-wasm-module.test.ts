import { describe, expect, it } from 'vitest';
import { buildGemmModule, DEFAULT_GEMM_SHAPE, kernelNames } from '../../src/kernels/gemm-wasm-module';

describe('the generated gemm module', () => {
  it('validates and stays under the 4 KB limit of synchronous compilation in browsers', () => {
    const bytes = buildGemmModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('exports the memory and, per dtype, the macro-kernel and both packing kernels', () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(buildGemmModule())).map(
      (e) => `${e.kind} ${e.name}`,
    );
    const expected = ['memory mem'];
    for (const dtype of ['f32', 'f64'] as const) {
      const k = kernelNames(dtype);
      expected.push(`function ${k.macro}`, `function ${k.packA}`, `function ${k.packB}`);
    }
    expect(names.sort()).toEqual(expected.sort());
  });

  it('builds other register tiles (used by the tuning sweep), including ones with no v128 pack path', () => {
    for (const f32 of [
      { mr: 2, nv: 4 },
      { mr: 5, nv: 2 },
      { mr: 3, nv: 3 },
    ]) {
      expect(WebAssembly.validate(buildGemmModule({ ...DEFAULT_GEMM_SHAPE, f32 }))).toBe(true);
    }
  });
});
