import { describe, expect, it } from 'vitest';
import { fftKernels, fftModuleBytes } from '../src/wasm-fft-module';

describe('the wasm FFT module', () => {
  it('validates and stays under the 4 KB that browsers compile synchronously', () => {
    const bytes = fftModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(4096);
  });

  it('is instantiated once, with every kernel and its memory exported', () => {
    const k = fftKernels();
    expect(k).not.toBeNull(); // Node 20 has fixed-width SIMD
    expect(fftKernels()).toBe(k);
    for (const name of [
      'first2',
      'first4',
      'first2i',
      'radix4',
      'realSplit',
      'realMerge',
      'deinterleave',
      'interleave',
    ]) {
      expect(typeof (k as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(k!.mem).toBeInstanceOf(WebAssembly.Memory);
  });
});
