import { describe, expect, it } from 'vitest';
import { GRUCell } from '../src/index';

describe('GRUCell', () => {
  it('steps h with three gate blocks', () => {
    const cell = new GRUCell(3, 5);
    expect(cell.param('weight_hh').shape).toEqual([15, 5]);
    const [y, s] = cell.step(cell.initialState(2).h.slice(1, 0, 3).add(1));
    expect(y.shape).toEqual([2, 5]);
    expect(Object.keys(s)).toEqual(['h']);
  });
});
