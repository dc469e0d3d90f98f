import { describe, expect, it } from 'vitest';
import { arange, ShapeError, tensor, ValueError } from '../src/index';

describe('Tensor', () => {
  it('reports size, rank and contiguity', () => {
    const t = arange(6).reshape(2, 3);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.isContiguous()).toBe(true);
    expect(t.T.isContiguous()).toBe(false);
    expect(t.T.contiguous().isContiguous()).toBe(true);
  });
  it('reads elements through strides', () => {
    const t = arange(6).reshape(2, 3).T; // [[0,3],[1,4],[2,5]]
    expect(t.get(2, 1)).toBe(5);
    expect(t.get(-1, 0)).toBe(2);
    expect(() => t.get(3, 0)).toThrow(ShapeError);
    expect(Array.from(t.toArray())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(t.toNested()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });
  it('item() needs one element', () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(() => tensor([1, 2]).item()).toThrow(/item: needs a one-element tensor/);
  });
  it('converts dtypes, differentiably', () => {
    const x = tensor([1.5, 2.5], { dtype: 'float64', requiresGrad: true });
    const y = x.to('float32');
    expect(y.dtype).toBe('float32');
    y.mul(y).sum().backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(Array.from(x.grad!.toArray())).toEqual([3, 5]);
  });
  it('detach cuts the tape and shares storage', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(y.data);
    expect(() => y.requiresGrad_(false)).toThrow(ValueError);
  });
  it('prints readably', () => {
    expect(tensor([1, 2]).toString()).toBe('tensor([1, 2], shape=[2], dtype=float32)');
    expect(arange(20).toString()).toContain('...');
  });
});
