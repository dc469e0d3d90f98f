import { describe, expect, it } from 'vitest';
import { tiledForward } from '../src/flash-forward';
import type { TiledStats, TileProblem } from '../src/tile-kernel';

describe('tiledForward', () => {
  it('online softmax over tiles equals one softmax over the row', () => {
    // one query against 5 keys in tiles of 2: out = Σ softmax(s)_j v_j, lse = log Σ e^{s_j}
    const k = [0.3, -1, 2, 0.5, 1.5];
    const v = [1, 2, 3, 4, 5];
    const pr: TileProblem = {
      B: 1,
      H: 1,
      Hkv: 1,
      Lq: 1,
      Lk: 5,
      d: 1,
      dv: 1,
      q: Float64Array.from([2]),
      qOffset: 0,
      k: Float64Array.from(k),
      kOffset: 0,
      v: Float64Array.from(v),
      vOffset: 0,
      scale: 1,
      pattern: null,
      slopes: null,
      dropout: null,
      blockQ: 1,
      blockK: 2,
    };
    const stats: TiledStats = { scratchElements: 0, tilesComputed: 0, tilesSkipped: 0 };
    const { out, lse } = tiledForward(pr, stats);
    const e = k.map((x) => Math.exp(2 * x));
    const z = e.reduce((a, b) => a + b, 0);
    expect(out[0]).toBeCloseTo(
      e.reduce((a, x, j) => a + (x / z) * v[j]!, 0),
      14,
    );
    expect(lse[0]).toBeCloseTo(Math.log(z), 14);
    expect(stats.tilesComputed).toBe(3);
  });
});
