import { describe, expect, it } from 'vitest';
import { createKernel, inverseUnscaled } from '../src/dft-kernel';
import { naiveDft, randomSignal, relError } from './helpers/reference';

describe('createKernel', () => {
  it('picks Stockham for smooth lengths and Bluestein for large primes', () => {
    expect(createKernel('t', 4096).algorithm).toBe('stockham');
    expect(createKernel('t', 1).algorithm).toBe('stockham');
    expect(createKernel('t', 10007).algorithm).toBe('bluestein');
  });

  it('runs 2^a·3^b·5^c (a >= 1) from 32 on wasm SIMD unless the JS passes are asked for', () => {
    expect(createKernel('t', 4096).backend).toBe('wasm-simd');
    expect(createKernel('t', 32).backend).toBe('wasm-simd');
    expect(createKernel('t', 16).backend).toBe('js');
    expect(createKernel('t', 4096, { backend: 'js' }).backend).toBe('js');
    expect(createKernel('t', 1000).backend).toBe('wasm-simd');
    expect(createKernel('t', 30).backend).toBe('js');
    expect(createKernel('t', 1000, { backend: 'js' }).backend).toBe('js');
    expect(createKernel('t', 3 ** 7).backend).toBe('js');
  });

  it('gives kernels whose inverseUnscaled is n times the inverse DFT', () => {
    for (const [n, backend] of [
      [1, 'auto'],
      [12, 'auto'],
      [97, 'auto'],
      [256, 'auto'],
      [256, 'js'],
    ] as const) {
      const { kernel } = createKernel('t', n, { backend });
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 3);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      inverseUnscaled(kernel, re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im, +1);
      expect(relError(yr, er, yi, ei), `n = ${n}, ${backend}`).toBeLessThan(1e-14);
    }
  });
});
