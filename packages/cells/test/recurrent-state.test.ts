import { DTypeError, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkState, zeroState } from '../src/index';
import { randn } from './random-tensors';

describe('recurrent state', () => {
  it('defaults to zeros of the expected shape (with c for the LSTM)', () => {
    const s = checkState('op', undefined, [2, 3, 4], true, 'float64');
    expect(s.h.shape).toEqual([2, 3, 4]);
    expect([...s.c!.toArray()].every((v) => v === 0)).toBe(true);
    expect(zeroState([3, 4], false, 'float32')).not.toHaveProperty('c');
  });

  it('accepts a fitting state as is and refuses others with typed errors', () => {
    const h = randn([3, 4], 1);
    expect(checkState('op', { h }, [3, 4], false, 'float64').h).toBe(h);
    expect(() => checkState('GRU', { h }, [2, 3, 4], false, 'float64')).toThrow(ShapeError);
    expect(() => checkState('LSTM', { h }, [3, 4], true, 'float64')).toThrow(/^LSTM: the state needs c/);
    expect(() => checkState('GRU', { h }, [3, 4], false, 'float32')).toThrow(DTypeError);
  });
});
