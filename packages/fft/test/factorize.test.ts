import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passRadices, powerOfTwoRadices, primeFactors } from '../src/factorize';

const product = (a: number[]) => a.reduce((p, x) => p * x, 1);

describe('primeFactors', () => {
  it('factors small cases', () => {
    expect(primeFactors(1)).toEqual([]);
    expect(primeFactors(2)).toEqual([2]);
    expect(primeFactors(360)).toEqual([2, 2, 2, 3, 3, 5]);
    expect(primeFactors(10007)).toEqual([10007]);
    expect(primeFactors(65535)).toEqual([3, 5, 17, 257]);
  });

  it('returns increasing primes whose product is n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), (n) => {
        const f = primeFactors(n);
        expect(product(f)).toBe(n);
        for (let i = 1; i < f.length; i++) expect(f[i]).toBeGreaterThanOrEqual(f[i - 1]);
        for (const p of f) expect(primeFactors(p)).toEqual([p]);
      }),
    );
  });
});

describe('powerOfTwoRadices', () => {
  it('covers every bit and ends with radix 4 from two passes on', () => {
    for (let k = 0; k <= 30; k++) {
      const r = powerOfTwoRadices(k);
      expect(product(r)).toBe(2 ** k);
      if (r.length >= 2) expect(r[r.length - 1]).toBe(4);
      // at most one radix 2, and only for k = 1
      expect(r.filter((x) => x === 2).length).toBe(k === 1 ? 1 : 0);
    }
  });

  it('keeps the first pass radix 4 above 2^14', () => {
    for (let k = 15; k <= 24; k++) expect(powerOfTwoRadices(k)[0]).toBe(4);
    expect(powerOfTwoRadices(10)).toEqual([8, 8, 4, 4]);
    expect(powerOfTwoRadices(11)).toEqual([8, 8, 8, 4]);
  });
});

describe('passRadices', () => {
  it('multiplies back to n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => {
        expect(product(passRadices(n))).toBe(n);
      }),
    );
    expect(passRadices(1000)).toEqual([8, 5, 5, 5]);
  });
});
