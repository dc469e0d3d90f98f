import { describe, expect, it } from 'vitest';
import { pairRows } from '../src/broadcast-rows';

describe('pairRows', () => {
  it('pairs equal shapes row by row', () => {
    const p = pairRows('op', [2, 3], [2, 3]);
    expect(p.shape).toEqual([2, 3]);
    expect([...p.aRow]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...p.bRow]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('broadcasts a kernel [H] against a batch [B, H]', () => {
    const p = pairRows('op', [2, 3], [3]);
    expect(p.shape).toEqual([2, 3]);
    expect([...p.aRow]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...p.bRow]).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('broadcasts size-1 axes on both sides and scalars', () => {
    const p = pairRows('op', [2, 1], [1, 3]);
    expect(p.shape).toEqual([2, 3]);
    expect([...p.aRow]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...p.bRow]).toEqual([0, 1, 2, 0, 1, 2]);
    const q = pairRows('op', [], []);
    expect(q.shape).toEqual([]);
    expect([...q.aRow]).toEqual([0]);
  });

  it('refuses shapes that do not broadcast', () => {
    expect(() => pairRows('fftconv', [2], [3])).toThrow(expect.objectContaining({ name: 'ShapeError' }));
  });
});
