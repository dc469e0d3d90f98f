import { describe, expect, it } from 'vitest';
import { Generator, ValueError } from '../src/index';
import { arr } from './helpers';

describe('Generator', () => {
  it('is deterministic per seed, names included, and seeds differ', () => {
    const a = new Generator(42).uniform([5]);
    const b = new Generator(42).uniform([5]);
    expect(arr(a)).toEqual(arr(b));
    expect(arr(new Generator(43).uniform([5]))).not.toEqual(arr(a));
    expect(arr(new Generator('dropout').uniform([3]))).toEqual(arr(new Generator('dropout').uniform([3])));
  });
  it('has the moments of its distributions', () => {
    const g = new Generator(7);
    const n = 200_000;
    const u = arr(g.uniform([n], -1, 3, { dtype: 'float64' }));
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(mean(u)).toBeCloseTo(1, 1);
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(-1);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThan(3);
    const z = arr(g.normal([n], 2, 0.5, { dtype: 'float64' }));
    const m = mean(z);
    const v = mean(z.map((x) => (x - m) ** 2));
    expect(Math.abs(m - 2)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(v) - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(mean(arr(g.bernoulli([n], 0.3))) - 0.3)).toBeLessThan(0.01);
  });
  it('saves and restores its state exactly', () => {
    const g = new Generator(1);
    g.randn();
    const st = g.getState();
    const x = [g.randn(), g.random(), g.nextUint32()];
    g.setState(st);
    expect([g.randn(), g.random(), g.nextUint32()]).toEqual(x);
  });
  it('permutations and integers are in range', () => {
    const g = new Generator(3);
    expect([...g.permutation(10)].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ints = arr(g.integers([1000], 2, 5));
    expect(ints.every((v) => Number.isInteger(v) && v >= 2 && v < 5)).toBe(true);
    expect(new Set(ints).size).toBe(3);
    expect(() => g.randint(3, 3)).toThrow(ValueError);
    expect(() => g.bernoulli([2], 1.5)).toThrow(ValueError);
  });
  it('spawned generators are independent and reproducible', () => {
    const a = new Generator(5).spawn();
    const b = new Generator(5).spawn();
    expect(a.random()).toBe(b.random());
    expect(new Generator(5).spawn().random()).not.toBe(new Generator(5).random());
  });
});
