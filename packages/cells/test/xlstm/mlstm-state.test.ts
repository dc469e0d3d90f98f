import { ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkMlstmState, mlstmEmptyState, mlstmZeroState } from '../../src/xlstm/mlstm-state';

describe('mLSTM states', () => {
  it('the empty state has m = −∞, the zero state m = 0; both C = 0, n = 0', () => {
    const e = mlstmEmptyState(2, 3, 4, 'float64');
    const z = mlstmZeroState(2, 3, 4);
    expect([e.c.shape, e.n.shape, e.m.shape]).toEqual([
      [2, 3, 4, 4],
      [2, 3, 4],
      [2, 3],
    ]);
    expect(e.c.dtype).toBe('float64');
    expect(z.c.dtype).toBe('float32');
    expect(e.m.toArray().every((v) => v === Number.NEGATIVE_INFINITY)).toBe(true);
    expect(z.m.toArray().every((v) => v === 0)).toBe(true);
    expect(
      [...e.c.toArray(), ...e.n.toArray(), ...z.c.toArray(), ...z.n.toArray()].every((v) => v === 0),
    ).toBe(true);
  });
  it('checkMlstmState names the part and both shapes', () => {
    const s = mlstmZeroState(1, 2, 3);
    expect(() => checkMlstmState('op', s, 1, 2, 3)).not.toThrow();
    expect(() => checkMlstmState('op', s, 1, 3, 3)).toThrow(ShapeError);
    expect(() => checkMlstmState('op', { ...s, m: mlstmZeroState(1, 2, 3).n }, 1, 2, 3)).toThrow(
      /op: state.m must be \[1, 2\], got \[1, 2, 3\]/,
    );
  });
});
