import { assertGradcheck, Generator, tensor, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding, embedding } from '../src/index';

describe('Embedding', () => {
  it('looks up rows: indices [...] -> [..., dim]', () => {
    const e = new Embedding(5, 3);
    const y = e.forward(
      tensor([
        [4, 0],
        [2, 2],
      ]),
    );
    expect(y.shape).toEqual([2, 2, 3]);
    expect(Array.from(y.select(0, 0).select(0, 0).toArray())).toEqual(
      Array.from(e.weight.select(0, 4).toArray()),
    );
    expect(e.forward([1]).shape).toEqual([1, 3]);
  });
  it('initialises N(0, 1) like torch and names the parameter weight', () => {
    const w = new Embedding(200, 50, { rng: new Generator(4) }).weight;
    expect(w.mean().item()).toBeCloseTo(0, 1);
    expect(w.square().mean().item()).toBeGreaterThan(0.9);
    expect(w.square().mean().item()).toBeLessThan(1.1);
    expect(Object.keys(new Embedding(2, 2).stateDict())).toEqual(['weight']);
  });
  it('scatters gradients back, repeated indices accumulating', () => {
    const e = new Embedding(4, 2, { dtype: 'float64' });
    e.forward([1, 3, 1]).sum().backward();
    expect(Array.from(e.weight.grad!.toArray())).toEqual([0, 0, 2, 2, 0, 0, 1, 1]);
    const w = new Generator(1).normal([4, 2], 0, 1, { dtype: 'float64' });
    assertGradcheck(
      (ww) =>
        embedding(
          tensor([
            [0, 3],
            [3, 2],
          ]),
          ww!,
        ),
      [w],
    );
  });
  it('padding row: zero at init, no gradient (negative index counts from the end, as torch)', () => {
    const e = new Embedding(4, 2, { paddingIdx: -1, dtype: 'float64' });
    expect(e.paddingIdx).toBe(3);
    expect(Array.from(e.weight.select(0, 3).toArray())).toEqual([0, 0]);
    e.forward([3, 0, 3]).sum().backward();
    expect(Array.from(e.weight.grad!.toArray())).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
  });
  it('refuses out-of-range or fractional indices', () => {
    const e = new Embedding(4, 2);
    expect(() => e.forward([4])).toThrow(/embedding: index 4 out of range for an embedding of 4 rows/);
    expect(() => e.forward([-1])).toThrow(ValueError);
    expect(() => e.forward([0.5])).toThrow(ValueError);
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(
      /paddingIdx must be an integer in \[-4, 4\)/,
    );
  });
});
