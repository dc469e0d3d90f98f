import { assertGradcheck, fromArray } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { elu1 } from '../src/index';
import { arr, randn } from './helpers';

describe('feature maps', () => {
  it('elu + 1 is positive: x + 1 above zero, e^x below', () => {
    const y = arr(elu1(fromArray([-2, 0, 3], [3], { dtype: 'float64' })));
    expect(y[0]).toBeCloseTo(Math.exp(-2), 15);
    expect(y[1]).toBe(1);
    expect(y[2]).toBe(4);
    assertGradcheck(elu1, [randn([5], 1)]);
  });
});
