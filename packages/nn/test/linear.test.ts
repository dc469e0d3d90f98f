import { assertGradcheck, Generator, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Linear } from '../src/index';

describe('Linear', () => {
  it('computes x Wᵀ + b over leading dimensions', () => {
    const l = new Linear(3, 2, { dtype: 'float64', rng: new Generator(3) });
    const x = new Generator(4).normal([2, 5, 3], 0, 1, { dtype: 'float64' });
    const y = l.forward(x);
    expect(y.shape).toEqual([2, 5, 2]);
    const w = l.weight;
    const b = l.bias!;
    let s = b.get(1);
    for (let i = 0; i < 3; i++) s += x.get(1, 4, i) * w.get(1, i);
    expect(y.get(1, 4, 1)).toBeCloseTo(s, 12);
    expect(() => l.forward(x.slice(2, 0, 2))).toThrow(ShapeError);
  });
  it('initialises like torch.nn.Linear and can drop the bias', () => {
    const l = new Linear(100, 10);
    const bound = 1 / Math.sqrt(100);
    expect(Array.from(l.weight.toArray()).every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(new Linear(3, 2, { bias: false }).bias).toBeNull();
  });
  it('gradients', () => {
    const l = new Linear(3, 2, { dtype: 'float64' });
    const x = new Generator(1).normal([4, 3], 0, 1, { dtype: 'float64' });
    assertGradcheck((xx, w, b) => xx!.matmul(w!.T).add(b!), [x, l.weight.detach(), l.bias!.detach()]);
    const y = l.forward(x).sum();
    y.backward();
    expect(l.weight.grad!.shape).toEqual([2, 3]);
  });
});
