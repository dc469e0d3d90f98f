import { assertGradcheck, tensor, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ForgetGate, logForgetGate, logSigmoid } from '../../src/xlstm/forget-gate';
import { randn } from './random-inputs';

describe('logSigmoid', () => {
  it('equals −log1p(e^{−x}) for x ≥ 0 and x − log1p(e^{x}) for x < 0, to the last bits', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const got = logSigmoid(tensor([x], { dtype: 'float64' })).item();
        const want = x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-15 * (1 + Math.abs(want)));
      }),
    );
  });
  it('keeps the log1p tail beyond softplus’s usual threshold of 20 and stays finite at ±1000', () => {
    const got = logSigmoid(tensor([-25, 25, -1000, 1000], { dtype: 'float64' })).toArray();
    expect(got[0]).toBe(-25 - Math.log1p(Math.exp(-25)));
    expect(got[1]).toBe(-Math.log1p(Math.exp(-25)));
    expect(got[1]).toBeLessThan(0); // a threshold would give exactly 0 here
    expect(got[2]).toBe(-1000);
    expect(got[3]).toBe(-0);
  });
  it('has gradient σ(−x)', () => {
    assertGradcheck((x) => logSigmoid(x), [randn([7], 1, 'float64', 4)]);
  });
});

describe('logForgetGate', () => {
  it('is log σ(f̃) for the sigmoid gate and f̃ itself for the exp gate', () => {
    const f = randn([5], 2);
    expect(Array.from(logForgetGate(f, 'sigmoid').toArray())).toEqual(Array.from(logSigmoid(f).toArray()));
    expect(logForgetGate(f, 'exp')).toBe(f);
    expect(Array.from(logForgetGate(f).toArray())).toEqual(Array.from(logSigmoid(f).toArray()));
  });
  it('refuses an unknown gate', () => {
    expect(() => logForgetGate(randn([2], 3), 'tanh' as ForgetGate)).toThrow(ValueError);
    expect(() => logForgetGate(randn([2], 3), 'tanh' as ForgetGate)).toThrow(
      /logForgetGate.*'sigmoid' or 'exp'.*tanh/,
    );
  });
});
