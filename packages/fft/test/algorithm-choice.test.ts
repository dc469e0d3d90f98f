import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bluesteinCost,
  chooseAlgorithm,
  fastLength,
  stockhamCost,
  wasmBluesteinCost,
  wasmStockhamCost,
} from '../src/algorithm-choice';
import { passRadices, primeFactors } from '../src/factorize';

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

  it('with wasm, runs large primes through a power-of-two convolution on the wasm passes', () => {
    const big = chooseAlgorithm(10007, true);
    expect(big).toEqual({ kind: 'bluestein', m: 32768, wasm: true });
    expect(chooseAlgorithm(65537, true)).toEqual({ kind: 'bluestein', m: 131072, wasm: true });
    // smooth lengths stay on the direct JS passes
    expect(chooseAlgorithm(1000, true).kind).toBe('stockham');
    expect(chooseAlgorithm(17, true).kind).toBe('stockham');
    expect(wasmBluesteinCost(10007, 32768)).toBeLessThan(bluesteinCost(10007, fastLength(2 * 10007 - 2)));
    expect(wasmStockhamCost(1 << 14)).toBeLessThan(stockhamCost(1 << 14, passRadices(1 << 14)) / 2);
  });
});
