import { ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkSlstmState, slstmZeroState } from '../../src/xlstm/slstm-state';

describe('sLSTM state', () => {
  it('starts at zeros [B, H] in the requested dtype', () => {
    const s = slstmZeroState(2, 3, 'float64');
    for (const t of [s.y, s.c, s.n, s.m]) {
      expect(t.shape).toEqual([2, 3]);
      expect(t.dtype).toBe('float64');
      expect(t.toArray().every((v) => v === 0)).toBe(true);
    }
    expect(slstmZeroState(1, 1).y.dtype).toBe('float32');
  });
  it('checkSlstmState names the part and both shapes', () => {
    const s = slstmZeroState(2, 3);
    expect(() => checkSlstmState('op', s, 2, 3)).not.toThrow();
    expect(() => checkSlstmState('op', s, 2, 4)).toThrow(ShapeError);
    expect(() => checkSlstmState('op', { ...s, m: slstmZeroState(1, 3).m }, 2, 3)).toThrow(
      /op: state.m must be \[2, 3\], got \[1, 3\]/,
    );
  });
});
