import { logSigmoid, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { type ForgetGate, logForgetGate } from '../../src/xlstm/forget-gate';
import { randn } from './random-inputs';

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
