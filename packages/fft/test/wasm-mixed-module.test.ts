import { describe, expect, it } from 'vitest';
import { fftKernels } from '../src/wasm-fft-module';
import { mixedKernels, mixedModuleBytes } from '../src/wasm-mixed-module';
import { scratch } from './helpers/wasm-scratch';

describe('the second wasm FFT module', () => {
  it('validates and stays under the 4 KB that browsers compile synchronously', () => {
    const bytes = mixedModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('is instantiated once, on the first module memory, with every kernel exported', () => {
    const k = mixedKernels();
    expect(k).not.toBeNull();
    expect(mixedKernels()).toBe(k);
    for (const name of ['radix3', 'radix5', 'pointwise']) {
      expect(typeof (k as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
    // the memory is the first module's: a product written by the second is read through the first's buffer
    const { area } = scratch(8);
    const f64 = new Float64Array(fftKernels()!.mem.buffer);
    const at = area.are;
    // x = (3, 2) + i·(0, 0), w = i·(4, 5): x·w = i·(12, 10)
    f64.set([3, 2, 0, 0, 0, 0, 4, 5], at / 8);
    k!.pointwise(at, at + 16, at + 32, at + 48, at, at + 16, 2, 1);
    expect(Array.from(f64.subarray(at / 8, at / 8 + 4))).toEqual([0, 0, 12, 10]);
  });
});
