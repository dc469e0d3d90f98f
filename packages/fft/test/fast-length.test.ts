import { describe, expect, it } from 'vitest';
import { fastLength, wasmFastLength } from '../src/algorithm-choice';
import { hasWasmFFT } from '../src/backend-choice';
import { primeFactors } from '../src/factorize';
import { nextFastLength, nextFastRealLength } from '../src/fast-length';

describe('nextFastLength / nextFastRealLength', () => {
  it('use the wasm cost model where the engine has wasm SIMD (Node 20)', () => {
    expect(hasWasmFFT()).toBe(true);
    for (const n of [1, 17, 1000, 4097, 20012, 100000]) {
      expect(nextFastLength(n)).toBe(wasmFastLength(n));
      expect(nextFastRealLength(n)).toBe(wasmFastLength(n, true));
    }
    // the models differ: the JS one picks 20 for 17 (radix 4 and 5), the wasm one 18 (2·3·3,
    // its radix-5 pass being the dearest); and the wasm one never returns a length it cannot run
    expect(fastLength(17)).toBe(20);
    expect(nextFastLength(17)).toBe(18);
  });

  it('return smooth lengths >= n, even ones for the real FFT with an even half on wasm', () => {
    for (const n of [1, 2, 3, 31, 999, 4099, 65537]) {
      const c = nextFastLength(n);
      const r = nextFastRealLength(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(r).toBeGreaterThanOrEqual(n);
      expect(primeFactors(c).every((p) => p <= 5)).toBe(true);
      expect(r % 4).toBe(0);
      expect(primeFactors(r).every((p) => p <= 5)).toBe(true);
    }
  });
});
