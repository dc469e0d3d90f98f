import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bluesteinCost,
  chooseAlgorithm,
  fastLength,
  stockhamCost,
  wasmBluesteinCost,
  wasmFastLength,
  wasmStockhamCost,
} from '../src/algorithm-choice';
import { passRadices, primeFactors } from '../src/factorize';
import { wasmPassPlan } from '../src/wasm-pass-plan';

describe('fastLength', () => {
  it('returns a 5-smooth length at least min and at most the next power of two', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 22 }), fc.boolean(), (min, even) => {
        const n = fastLength(min, even);
        let pow2 = 1;
        while (pow2 < Math.max(min, even ? 2 : 1)) pow2 *= 2;
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(pow2);
        expect(primeFactors(n).every((p) => p <= 5)).toBe(true);
        if (even) expect(n % 2).toBe(0);
      }),
    );
  });

  it('keeps lengths that are already fast', () => {
    expect(fastLength(1024)).toBe(1024);
    expect(fastLength(1)).toBe(1);
    expect(fastLength(1, true)).toBe(2);
  });
});

describe('chooseAlgorithm', () => {
  it('runs smooth lengths directly and large primes through Bluestein', () => {
    expect(chooseAlgorithm(1 << 16).kind).toBe('stockham');
    expect(chooseAlgorithm(1000).kind).toBe('stockham');
    expect(chooseAlgorithm(17).kind).toBe('stockham'); // a 17-point DFT is cheaper than a convolution
    const big = chooseAlgorithm(10007);
    expect(big.kind).toBe('bluestein');
    if (big.kind === 'bluestein') expect(big.m).toBeGreaterThanOrEqual(2 * 10007 - 2);
  });

  it('picks the cheaper estimate', () => {
    for (const n of [97, 101, 1009, 4099, 65537]) {
      const choice = chooseAlgorithm(n);
      const direct = stockhamCost(n, passRadices(n));
      const m = fastLength(2 * n - 2);
      expect(choice.kind).toBe(direct <= bluesteinCost(n, m) ? 'stockham' : 'bluestein');
    }
  });

  it('with wasm, runs large primes through a smooth convolution on the wasm passes', () => {
    // 2n - 2 = 20012: 20480 = 2^12·5 beats 32768 and the odd-heavy 20250 = 2·3^4·5^3
    expect(chooseAlgorithm(10007, true)).toEqual({ kind: 'bluestein', m: 20480, wasm: true });
    // 2n - 2 = 24576 = 3·2^13 exactly
    expect(chooseAlgorithm(12289, true)).toEqual({ kind: 'bluestein', m: 24576, wasm: true });
    expect(chooseAlgorithm(65537, true)).toEqual({ kind: 'bluestein', m: 131072, wasm: true });
    // smooth lengths stay on the direct passes (the caller runs covered lengths on wasm)
    expect(chooseAlgorithm(1000, true).kind).toBe('stockham');
    expect(chooseAlgorithm(17, true).kind).toBe('stockham');
    // measured: the JS O(r²) pass of 7 or 11 on a few thousand points loses to a wasm
    // convolution, on tens of thousands it wins; below about 24 points the JS DFT wins
    expect(chooseAlgorithm(7 * 128, true)).toEqual({ kind: 'bluestein', m: 2048, wasm: true });
    expect(chooseAlgorithm(11 * 4096, true).kind).toBe('stockham');
    expect(chooseAlgorithm(23, true).kind).toBe('stockham');
    expect(chooseAlgorithm(29, true)).toEqual({ kind: 'bluestein', m: 64, wasm: true });
    // odd 5-smooth lengths stay on the JS radix-3/5 passes (measured faster than the convolution)
    expect(chooseAlgorithm(3 ** 7, true).kind).toBe('stockham');
    expect(chooseAlgorithm(1125, true).kind).toBe('stockham');
    expect(wasmBluesteinCost(10007, 20480)).toBeLessThan(bluesteinCost(10007, fastLength(2 * 10007 - 2)));
    expect(wasmBluesteinCost(10007, 20480)).toBeLessThan(wasmBluesteinCost(10007, 32768));
    expect(wasmStockhamCost(1 << 14)).toBeLessThan(stockhamCost(1 << 14, passRadices(1 << 14)) / 2);
  });
});

describe('wasm cost model', () => {
  it('prices only the lengths the wasm passes cover', () => {
    expect(wasmStockhamCost(1000)).toBeLessThan(Number.POSITIVE_INFINITY);
    expect(wasmStockhamCost(999)).toBe(Number.POSITIVE_INFINITY);
    expect(wasmStockhamCost(7 * 64)).toBe(Number.POSITIVE_INFINITY);
    // per point, a radix-5 length costs more than its neighbouring power of two
    expect(wasmStockhamCost(5 * 4096) / (5 * 4096)).toBeGreaterThan(wasmStockhamCost(16384) / 16384);
  });

  it('wasmFastLength: a covered length >= min, at most the next power of two (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 22 }), fc.boolean(), (min, real) => {
        const n = wasmFastLength(min, real);
        let pow2 = real ? 4 : 2;
        while (pow2 < min) pow2 *= 2;
        expect(n).toBeGreaterThanOrEqual(min);
        expect(n).toBeLessThanOrEqual(pow2);
        expect(wasmPassPlan(real ? n / 2 : n)).not.toBeNull();
        // no covered length in [min, n) is cheaper
        const cost = (L: number) => wasmStockhamCost(real ? L / 2 : L);
        for (let L = Math.max(min, 2); L < n && L < min + 64; L++) {
          if (!real || L % 2 === 0) expect(cost(L)).toBeGreaterThanOrEqual(cost(n));
        }
      }),
      { numRuns: 200 },
    );
    expect(wasmFastLength(20012)).toBe(20480);
    expect(wasmFastLength(1000)).toBe(1024); // three radix-5 passes cost more than 24 extra points
    expect(wasmFastLength(1500)).toBe(1536);
    expect(wasmFastLength(1)).toBe(2);
    expect(wasmFastLength(1, true)).toBe(4);
  });
});
