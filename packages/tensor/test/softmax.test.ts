import { describe, expect, it } from 'vitest';
import { assertGradcheck, exp, log, logSoftmax, logsumexp, softmax, sum, tensor } from '../src/index';
import { arr, randn } from './helpers';

describe('softmax family', () => {
  it('is stable for huge logits', () => {
    const x = tensor([1000, 1001, 1002], { dtype: 'float64' });
    const p = arr(softmax(x));
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const z = e[0]! + e[1]! + e[2]!;
    p.forEach((v, i) => expect(v).toBeCloseTo(e[i]! / z, 15));
    expect(logsumexp(x).item()).toBeCloseTo(1002 + Math.log(z), 12);
    expect(arr(logSoftmax(tensor([-1000, 0], { dtype: 'float64' })))).toEqual([-1000, 0]);
  });
  it('works along any axis and matches exp/log definitions', () => {
    const x = randn([2, 3, 4], 4);
    for (const axis of [0, 1, 2]) {
      const p = softmax(x, axis);
      arr(sum(p, axis)).forEach((v) => expect(v).toBeCloseTo(1, 14));
      const ref = exp(x).div(sum(exp(x), axis, true));
      arr(p).forEach((v, i) => expect(v).toBeCloseTo(arr(ref)[i]!, 14));
      const lp = logSoftmax(x, axis);
      arr(lp).forEach((v, i) => expect(v).toBeCloseTo(Math.log(arr(p)[i]!), 12));
    }
    const lse = logsumexp(x, [0, 2], true);
    expect(lse.shape).toEqual([1, 3, 1]);
    arr(lse).forEach((v, i) => expect(v).toBeCloseTo(arr(log(sum(exp(x), [0, 2])))[i]!, 12));
  });
  it('a fully masked row gives NaN, never a silent number', () => {
    const p = softmax(tensor([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]));
    expect(arr(p).every(Number.isNaN)).toBe(true);
  });
  it('gradients', () => {
    const x = randn([3, 5], 2);
    assertGradcheck((t) => softmax(t, 1), [x]);
    assertGradcheck((t) => softmax(t, 0), [x]);
    assertGradcheck((t) => logSoftmax(t, 1), [x]);
    assertGradcheck((t) => logsumexp(t, 1), [x]);
    assertGradcheck((t) => logsumexp(t), [x]);
  });
});
