import { assertGradcheck, Generator, tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { mseLoss } from '../src/index';

describe('mseLoss', () => {
  it('matches torch F.mse_loss (mean 1.375, sum 5.5) and keeps the shape for none', () => {
    const a = tensor(
      [
        [1, 2],
        [3, -1],
      ],
      { dtype: 'float64' },
    );
    const b = tensor(
      [
        [0.5, 2.5],
        [1, 0],
      ],
      { dtype: 'float64' },
    );
    expect(mseLoss(a, b).item()).toBe(1.375);
    expect(mseLoss(a, b, { reduction: 'sum' }).item()).toBe(5.5);
    expect(Array.from(mseLoss(a, b, { reduction: 'none' }).toArray())).toEqual([0.25, 0.25, 4, 1]);
  });
  it('gradchecks in both arguments', () => {
    const rng = new Generator(5);
    const a = rng.normal([3, 2], 0, 1, { dtype: 'float64' });
    const b = rng.normal([3, 2], 0, 1, { dtype: 'float64' });
    assertGradcheck((x, y) => mseLoss(x!, y!), [a, b]);
    assertGradcheck((x, y) => mseLoss(x!, y!, { reduction: 'none' }), [a, b]);
  });
  it('refuses shapes that would broadcast', () => {
    expect(() => mseLoss(tensor([1, 2]), tensor([[1], [2]]))).toThrow(
      /mseLoss: input \[2\] and target \[2, 1\] must have the same shape/,
    );
  });
});
