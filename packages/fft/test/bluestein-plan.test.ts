import { describe, expect, it } from 'vitest';
import { fastLength } from '../src/algorithm-choice';
import { BluesteinPlan } from '../src/bluestein-plan';
import { dftBin, naiveDft, randomSignal, relError } from './helpers/reference';

describe('BluesteinPlan', () => {
  it('matches the naive DFT for primes and awkward lengths', () => {
    for (const n of [2, 3, 5, 17, 37, 97, 101, 127, 251, 257, 509, 1009]) {
      const plan = new BluesteinPlan(n, fastLength(2 * n - 2));
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan.forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });

  it('works with any convolution length M >= 2n - 2 (smooth or power of two; 2n - 2 exactly works since b is symmetric)', () => {
    const n = 31;
    const re = randomSignal(n, 1);
    const im = randomSignal(n, 2);
    const [er, ei] = naiveDft(re, im);
    for (const M of [60, 61, 64, 75, 128]) {
      const plan = new BluesteinPlan(n, M);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan.forward(re, im, 0, yr, yi, 0);
      expect(relError(yr, er, yi, ei), `M = ${M}`).toBeLessThan(1e-14);
    }
  });

  it('fails with M = 2n - 3: the bound 2n - 2 is tight', () => {
    const n = 31;
    const re = randomSignal(n, 1);
    const im = randomSignal(n, 2);
    const [er, ei] = naiveDft(re, im);
    const plan = new BluesteinPlan(n, 2 * n - 3);
    const yr = new Float64Array(n);
    const yi = new Float64Array(n);
    plan.forward(re, im, 0, yr, yi, 0);
    expect(relError(yr, er, yi, ei)).toBeGreaterThan(1e-3);
  });

  it('uses a power of two for n = 2^k + 1', () => {
    const plan = new BluesteinPlan(65537, 131072);
    const re = randomSignal(65537, 5);
    const im = randomSignal(65537, 6);
    const yr = new Float64Array(65537);
    const yi = new Float64Array(65537);
    plan.forward(re, im, 0, yr, yi, 0);
    let energy = 0;
    for (let j = 0; j < 65537; j++) energy += re[j] * re[j] + im[j] * im[j];
    for (const k of [0, 1, 32768, 65536]) {
      const [er, ei] = dftBin(re, im, k);
      expect(Math.hypot(yr[k] - er, yi[k] - ei) / Math.sqrt(energy)).toBeLessThan(1e-13);
    }
  });

  it('runs in place with an offset', () => {
    const n = 53;
    const plan = new BluesteinPlan(n, fastLength(2 * n - 2));
    const re = randomSignal(n, 3);
    const im = randomSignal(n, 4);
    const [er, ei] = naiveDft(re, im);
    const br = new Float64Array(n + 2);
    const bi = new Float64Array(n + 2);
    br.set(re, 2);
    bi.set(im, 2);
    plan.forward(br, bi, 2, br, bi, 2);
    expect(relError(br.subarray(2), er, bi.subarray(2), ei)).toBeLessThan(1e-14);
  });
});
