import { assertGradcheck, Generator, ones, tensor, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dropout, dropout, dropoutMask, Sequential } from '../src/index';

describe('dropout', () => {
  it('zeroes exactly the elements whose uniform draw is below p and scales the rest by 1/(1-p)', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], { dtype: 'float64' });
    const y = dropout(x, 0.25, true, new Generator(7));
    const draws = new Generator(7);
    const expected = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => (draws.random() >= 0.25 ? v * (1 / 0.75) : 0));
    expect(Array.from(y.toArray())).toEqual(expected);
    expect(expected.some((v) => v === 0)).toBe(true); // the seed drops something, so the test can fail
  });
  it('is the identity in eval mode and for p = 0, and zeros for p = 1', () => {
    const x = tensor([
      [1, -2],
      [3, 4],
    ]);
    expect(dropout(x, 0.5, false, new Generator(1))).toBe(x);
    expect(dropout(x, 0, true, new Generator(1))).toBe(x);
    expect(Array.from(dropout(x, 1, true, new Generator(1)).toArray()).every((v) => v === 0)).toBe(true);
  });
  it('keeps the mean: E[y] = x', () => {
    const y = dropout(ones([20000]), 0.3, true, new Generator(3));
    const kept = Array.from(y.toArray()).filter((v) => v !== 0).length / 20000;
    expect(kept).toBeGreaterThan(0.68);
    expect(kept).toBeLessThan(0.72);
    expect(y.mean().item()).toBeCloseTo(1, 1);
  });
  it('every output is 0 or x/(1-p) (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (p, seed) => {
          const x = new Generator(seed).normal([3, 5], 0, 1, { dtype: 'float64' });
          const y = dropout(x, p, true, new Generator(seed));
          const xs = x.toArray();
          return Array.from(y.toArray()).every((v, i) => v === 0 || Math.abs(v - xs[i]! / (1 - p)) < 1e-12);
        },
      ),
      { numRuns: 50 },
    );
  });
  it('passes the gradient through the mask', () => {
    const x = new Generator(2).normal([4, 3], 0, 1, { dtype: 'float64' });
    assertGradcheck((xx) => dropout(xx!, 0.4, true, new Generator(5)), [x]);
    const leaf = x.detach().requiresGrad_();
    dropout(leaf, 0.4, true, new Generator(5)).sum().backward();
    expect(Array.from(leaf.grad!.toArray())).toEqual(
      Array.from(dropoutMask(x, 0.4, new Generator(5)).toArray()),
    );
  });
  it('refuses p outside [0, 1]', () => {
    expect(() => dropout(ones([2]), 1.5, true, new Generator(0))).toThrow(ValueError);
    expect(() => new Dropout(-0.1)).toThrow(/Dropout: p must be in \[0, 1\], got -0.1/);
  });
});

describe('Dropout', () => {
  it('follows train/eval mode, and is reproducible through its generator', () => {
    const x = ones([100]);
    const a = new Dropout(0.5, { rng: new Generator(11) });
    const b = new Dropout(0.5, { rng: new Generator(11) });
    expect(Array.from(a.forward(x).toArray())).toEqual(Array.from(b.forward(x).toArray()));
    const net = new Sequential(a);
    net.eval();
    expect(a.forward(x)).toBe(x);
    net.train();
    expect(a.forward(x)).not.toBe(x);
    expect(a.parameters()).toEqual([]);
  });
  it('gives each default-seeded layer its own stream', () => {
    const x = ones([64]);
    const m1 = new Dropout(0.5).forward(x).toArray();
    const m2 = new Dropout(0.5).forward(x).toArray();
    expect(Array.from(m1)).not.toEqual(Array.from(m2));
  });
});
