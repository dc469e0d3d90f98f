import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primeFactors } from '../src/factorize';
import { wasmCovers, wasmPassPlan } from '../src/wasm-pass-plan';

describe('wasmPassPlan', () => {
  it('covers exactly 2^a·3^b·5^c with a >= 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 22 }), (n) => {
        const covered = n % 2 === 0 && primeFactors(n).every((p) => p <= 5);
        expect(wasmCovers(n)).toBe(covered);
      }),
    );
  });

  it('multiplies out to n: radix 2 first for odd a, then 4s, 3s and 5s', () => {
    expect(wasmPassPlan(1000)).toEqual({ first: 2, radices: [4, 5, 5, 5] });
    expect(wasmPassPlan(3072)).toEqual({ first: 4, radices: [4, 4, 4, 4, 3] });
    expect(wasmPassPlan(2)).toEqual({ first: 2, radices: [] });
    expect(wasmPassPlan(30)).toEqual({ first: 2, radices: [3, 5] });
    expect(wasmPassPlan(15)).toBeNull();
    expect(wasmPassPlan(14)).toBeNull();
    for (const n of [4, 6, 12, 100000, 48000, 24576, 20480]) {
      const plan = wasmPassPlan(n)!;
      expect(plan.radices.reduce<number>((a, r) => a * r, plan.first)).toBe(n);
      const rank = (r: number) => [4, 3, 5].indexOf(r);
      plan.radices.forEach((r, i) => {
        if (i > 0) expect(rank(r)).toBeGreaterThanOrEqual(rank(plan.radices[i - 1]));
      });
    }
  });
});
