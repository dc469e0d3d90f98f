import { describe, expect, it } from 'vitest';
import { LSTMCell } from '../src/index';

describe('LSTMCell', () => {
  it('steps (h, c) with four gate blocks', () => {
    const cell = new LSTMCell(3, 5);
    expect(cell.param('weight_ih').shape).toEqual([20, 3]);
    const [y, s] = cell.step(cell.initialState(2).h.slice(1, 0, 3).add(1), cell.initialState(2));
    expect(y.shape).toEqual([2, 5]);
    expect(s.c.shape).toEqual([2, 5]);
    expect(y.toArray()).toEqual(s.h.toArray());
  });
});
