import { describe, expect, it } from 'vitest';
import { createKernel, inverseUnscaled } from '../src/dft-kernel';
import { naiveDft, randomSignal, relError } from './helpers/reference';

describe('createKernel', () => {
  it('picks Stockham for smooth lengths and Bluestein for large primes', () => {
    expect(createKernel(4096).algorithm).toBe('stockham');
    expect(createKernel(1).algorithm).toBe('stockham');
    expect(createKernel(10007).algorithm).toBe('bluestein');
  });

  it('gives kernels whose inverseUnscaled is n times the inverse DFT', () => {
    for (const n of [1, 12, 97, 256]) {
      const { kernel } = createKernel(n);
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 3);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      inverseUnscaled(kernel, re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im, +1);
      expect(relError(yr, er, yi, ei), `n = ${n}`).toBeLessThan(1e-14);
    }
  });
});
