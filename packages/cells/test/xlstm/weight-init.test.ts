import { Generator, zeros } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { fillWith, linspaceBias, smallInit, wangInit } from '../../src/xlstm/weight-init';

function std(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! ** 2;
  return Math.sqrt(s / values.length);
}

describe('xLSTM initialisations', () => {
  it('small init has std √(2/(5·dim)); wang init 2/(blocks·√dim)', () => {
    const a = smallInit([200, 100], 64, new Generator(1), 'float64');
    expect(std(a.toArray()) / Math.sqrt(2 / (5 * 64))).toBeCloseTo(1, 1);
    const b = wangInit([200, 100], 64, 2, new Generator(2), 'float32');
    expect(b.dtype).toBe('float32');
    expect(std(b.toArray()) / (2 / 2 / 8)).toBeCloseTo(1, 1);
  });
  it('linspace bias runs from start to end', () => {
    expect(Array.from(linspaceBias(4, 3, 6, 'float64').toArray())).toEqual([3, 4, 5, 6]);
  });
  it('fillWith overwrites in place, keeping the tensor', () => {
    const p = zeros([3], { dtype: 'float64', requiresGrad: true });
    const same = p;
    fillWith(p, linspaceBias(3, 1, 3, 'float64'));
    expect(p).toBe(same);
    expect(Array.from(p.toArray())).toEqual([1, 2, 3]);
    fillWith(p, 7);
    expect(Array.from(p.toArray())).toEqual([7, 7, 7]);
  });
});
