import { describe, expect, it } from 'vitest';
import { hasWasmFFT, WASM_MIN_COMPLEX, WASM_MIN_REAL, wantsWasm } from '../src/backend-choice';

describe('backend choice', () => {
  it('tries wasm for powers of two from the thresholds up, unless js is asked for', () => {
    expect(wantsWasm('t', WASM_MIN_COMPLEX, false, undefined)).toBe(true);
    expect(wantsWasm('t', WASM_MIN_COMPLEX / 2, false, {})).toBe(false);
    expect(wantsWasm('t', WASM_MIN_REAL, true, { backend: 'auto' })).toBe(true);
    expect(wantsWasm('t', WASM_MIN_REAL / 2, true, undefined)).toBe(false);
    expect(wantsWasm('t', 3 * 1024, false, undefined)).toBe(false);
    expect(wantsWasm('t', 1024, false, { backend: 'js' })).toBe(false);
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
