import { describe, expect, it } from 'vitest';
import {
  add,
  enableGrad,
  isGradEnabled,
  mul,
  noGrad,
  ShapeError,
  tanh,
  tensor,
  ValueError,
} from '../src/index';
import { arr } from './helpers';

describe('autograd', () => {
  it('accumulates into leaves across backward calls and reuses', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = mul(x, x); // uses x twice
    y.sum().backward();
    expect(arr(x.grad!)).toEqual([2, 4]);
    mul(x, 3).sum().backward();
    expect(arr(x.grad!)).toEqual([5, 7]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });
  it('noGrad records nothing; enableGrad re-enables', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return mul(x, 2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(ValueError);
    const z = noGrad(() => enableGrad(() => mul(x, 2)));
    expect(z.requiresGrad).toBe(true);
    expect(isGradEnabled()).toBe(true);
  });
  it('retainGrad keeps an intermediate gradient', () => {
    const x = tensor([0.5], { dtype: 'float64', requiresGrad: true });
    const h = tanh(x).retainGrad();
    mul(h, 4).sum().backward();
    expect(h.grad!.item()).toBe(4);
    expect(x.grad!.item()).toBeCloseTo(4 * (1 - Math.tanh(0.5) ** 2), 14);
  });
  it('backward needs a scalar or a matching gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, 2);
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => y.backward(tensor([1]))).toThrow(/gradient shape \[1\] does not match output shape \[2\]/);
    y.backward(tensor([1, 10]));
    expect(arr(x.grad!)).toEqual([2, 20]);
  });
  it('a leaf grad owns its storage (optimisers scale it in place)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    add(x, y).sum().backward();
    expect(x.grad!.data).not.toBe(y.grad!.data);
  });
  it('back-propagates through very deep graphs without stack overflow', () => {
    const x = tensor([0.1], { dtype: 'float64', requiresGrad: true });
    let h = x;
    for (let t = 0; t < 20_000; t++) h = add(mul(h, 0.9999), 0.0001);
    h.backward();
    expect(x.grad!.item()).toBeCloseTo(0.9999 ** 20_000, 10);
  });
});
