import { describe, expect, it } from 'vitest';
import { hasWasmFFT, WASM_MIN_COMPLEX, WASM_MIN_REAL, wantsWasm } from '../src/backend-choice';

describe('backend choice', () => {
  it('tries wasm for 2^a·3^b·5^c (a >= 1; real: n/2 so) from the thresholds up, unless js is asked for', () => {
    expect(wantsWasm('t', WASM_MIN_COMPLEX, false, undefined)).toBe(true);
    expect(wantsWasm('t', WASM_MIN_COMPLEX / 2, false, {})).toBe(false);
    expect(wantsWasm('t', WASM_MIN_REAL, true, { backend: 'auto' })).toBe(true);
    expect(wantsWasm('t', WASM_MIN_REAL / 2, true, undefined)).toBe(false);
    expect(wantsWasm('t', 1024, false, { backend: 'js' })).toBe(false);
    // smooth lengths with a factor 2
    expect(wantsWasm('t', 3 * 1024, false, undefined)).toBe(true);
    expect(wantsWasm('t', 1000, false, undefined)).toBe(true);
    expect(wantsWasm('t', 1000, true, undefined)).toBe(true); // h = 500
    expect(wantsWasm('t', 48000, true, { backend: 'js' })).toBe(false);
    // odd, other primes, or (real) an odd half length
    expect(wantsWasm('t', 3 ** 7, false, undefined)).toBe(false);
    expect(wantsWasm('t', 2 * 7 * 64, false, undefined)).toBe(false);
    expect(wantsWasm('t', 2 * 10007, false, undefined)).toBe(false);
    expect(wantsWasm('t', 2 * 375, true, undefined)).toBe(false);
    expect(wantsWasm('t', 2 * 1000, true, undefined)).toBe(true);
  });

  it('rejects unknown backends with a ValueError naming the op', () => {
    expect(() => wantsWasm('FFTPlan', 1024, false, { backend: 'gpu' as 'js' })).toThrow(
      expect.objectContaining({
        name: 'ValueError',
        message: expect.stringMatching(/^FFTPlan: backend must be/),
      }),
    );
  });

  it('reports wasm SIMD in Node 20', () => {
    expect(hasWasmFFT()).toBe(true);
  });
});
