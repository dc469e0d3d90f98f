import { Generator, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ADDING_PROBLEM_BASELINE, addingProblemBatch } from '../src/index';

describe('addingProblemBatch', () => {
  it('marks exactly two steps, one in each half, and targets the sum of their values', () => {
    const { x, y } = addingProblemBatch(64, 11, new Generator(1), 'float64');
    expect(x.shape).toEqual([64, 11, 2]);
    expect(y.shape).toEqual([64, 1]);
    const xs = x.toArray();
    for (let b = 0; b < 64; b++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < 11; t++) {
        const v = xs[(b * 11 + t) * 2]!;
        const m = xs[(b * 11 + t) * 2 + 1]!;
        expect(v >= 0 && v < 1).toBe(true);
        expect(m === 0 || m === 1).toBe(true);
        if (m === 1) {
          marked.push(t);
          sum += v;
        }
      }
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(5);
      expect(marked[1]).toBeGreaterThanOrEqual(5);
      expect(y.get(b, 0)).toBeCloseTo(sum, 15);
    }
  });

  it('has the baseline 1/6: the variance of the target around its mean 1', () => {
    const { y } = addingProblemBatch(20000, 4, new Generator(2), 'float64');
    const v = [...y.toArray()];
    const mse = v.reduce((s, t) => s + (t - 1) ** 2, 0) / v.length;
    expect(mse).toBeCloseTo(ADDING_PROBLEM_BASELINE, 2);
  });

  it('is reproducible from its generator and refuses bad sizes', () => {
    const a = addingProblemBatch(3, 6, new Generator(5)).x.toArray();
    expect(addingProblemBatch(3, 6, new Generator(5)).x.toArray()).toEqual(a);
    expect(() => addingProblemBatch(3, 1, new Generator(5))).toThrow(ValueError);
    expect(() => addingProblemBatch(0, 6, new Generator(5))).toThrow(ValueError);
  });
});
