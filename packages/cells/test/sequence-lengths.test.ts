import { fromArray, ShapeError, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkLengths } from '../src/index';
import { timeAt } from '../src/sequence-lengths';

describe('checkLengths', () => {
  it('returns integer lengths, or null when absent or all full', () => {
    expect(checkLengths('op', undefined, 2, 5)).toBeNull();
    expect(checkLengths('op', [5, 5], 2, 5)).toBeNull();
    expect([...checkLengths('op', [5, 0], 2, 5)!]).toEqual([5, 0]);
    expect([...checkLengths('op', fromArray([3, 1], [2]), 2, 5)!]).toEqual([3, 1]);
    expect([...checkLengths('op', Int32Array.of(2), 1, 5)!]).toEqual([2]);
  });

  it('refuses lengths that do not fit the batch', () => {
    expect(() => checkLengths('LSTM', [1, 2, 3], 2, 5)).toThrow(ShapeError);
    expect(() => checkLengths('LSTM', [6, 1], 2, 5)).toThrow(
      /^LSTM: lengths\[0\] must be an integer in \[0, 5\]/,
    );
    expect(() => checkLengths('LSTM', [1.5, 1], 2, 5)).toThrow(ValueError);
    expect(() => checkLengths('LSTM', [-1, 1], 2, 5)).toThrow(ValueError);
    expect(() => checkLengths('LSTM', fromArray([1, 2], [1, 2]), 2, 5)).toThrow(/1-D/);
  });
});

describe('timeAt', () => {
  it('walks each sequence forward from 0, or backward from its own last valid step', () => {
    const lengths = Int32Array.of(3, 1);
    expect([0, 1, 2, 3].map((s) => timeAt(s, 0, 4, lengths, false))).toEqual([0, 1, 2, -1]);
    expect([0, 1, 2, 3].map((s) => timeAt(s, 0, 4, lengths, true))).toEqual([2, 1, 0, -1]);
    expect([0, 1].map((s) => timeAt(s, 1, 4, lengths, true))).toEqual([0, -1]);
    expect([0, 3].map((s) => timeAt(s, 0, 4, null, true))).toEqual([3, 0]);
  });
});
