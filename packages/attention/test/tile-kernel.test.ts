import { gemmFor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { causalPattern } from '../src/index';
import { scaledQueryTile, type TileProblem, tileLogits } from '../src/tile-kernel';

describe('tile logits', () => {
  it('(scale·q) kᵀ + ALiBi, −∞ where a partial tile hides the pair', () => {
    // one head, Lq = 2, Lk = 3, d = 1: positions of the query rows are 1 and 2
    const pr: TileProblem = {
      B: 1,
      H: 1,
      Hkv: 1,
      Lq: 2,
      Lk: 3,
      d: 1,
      dv: 1,
      q: Float64Array.from([1, 2]),
      qOffset: 0,
      k: Float64Array.from([3, 4, 5]),
      kOffset: 0,
      v: Float64Array.from([0, 0, 0]),
      vOffset: 0,
      scale: 0.5,
      pattern: causalPattern(),
      slopes: [0.1],
      dropout: null,
      blockQ: 2,
      blockK: 3,
    };
    const qs = new Float64Array(2);
    scaledQueryTile(pr, 0, 0, 2, qs);
    expect(Array.from(qs)).toEqual([0.5, 1]);
    const s = new Float64Array(6);
    tileLogits(pr, gemmFor(pr.q), 0, 0, qs, 0, 2, 0, 3, 'partial', s);
    // row 0 (position 1): keys 0, 1 visible; bias 0.1·(j − 1)
    expect(s[0]).toBeCloseTo(1.5 - 0.1, 15);
    expect(s[1]).toBeCloseTo(2, 15);
    expect(s[2]).toBe(Number.NEGATIVE_INFINITY);
    // row 1 (position 2): every key visible; bias 0.1·(j − 2)
    expect(s[3]).toBeCloseTo(3 - 0.2, 15);
    expect(s[5]).toBeCloseTo(5, 15);
  });
});
