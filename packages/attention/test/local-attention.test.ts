import type { Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  blockSparseAttention,
  localAttention,
  longformerPattern,
  scaledDotProductAttention,
  slidingWindowPattern,
  type TiledStats,
} from '../src/index';
import { expectClose, gradsOf, naiveAttention, randn } from './helpers';

describe('local and block-sparse attention', () => {
  const q = randn([1, 2, 40, 4], 1);
  const k = randn([1, 2, 40, 4], 2);
  const v = randn([1, 2, 40, 3], 3);

  it('sliding window equals dense masking of the same window', () => {
    const w = slidingWindowPattern({ left: 5, right: 0 });
    const out = localAttention(q, k, v, { left: 5, blockQ: 8, blockK: 8 });
    expectClose(out, naiveAttention(q, k, v, { allows: (p, j) => w.allows(p, j) }), 1e-12);
    const both = localAttention(q, k, v, { left: 3, right: 2, blockQ: 8, blockK: 8 });
    expectClose(both, naiveAttention(q, k, v, { allows: (p, j) => j >= p - 3 && j <= p + 2 }), 1e-12);
  });

  it('never visits tiles outside the window: work grows with L·w, not L²', () => {
    const stats: TiledStats = { scratchElements: 0, tilesComputed: 0, tilesSkipped: 0 };
    const x = randn([1, 1, 512, 4], 4, 'float32');
    localAttention(x, x, x, { left: 15, blockQ: 16, blockK: 16, stats });
    // 32 query tiles, each meeting its own key tile and the one before (the first: only its own)
    expect(stats.tilesComputed).toBe(32 * 2 - 1);
    expect(stats.tilesSkipped).toBe(32 * 32 - (32 * 2 - 1));
  });

  it('Longformer: window plus global tokens, with gradients equal to the dense mask', () => {
    const pattern = longformerPattern({ left: 2, global: [0, 17] });
    const opts = { left: 2, global: [0, 17], blockQ: 8, blockK: 8 };
    const allows = (p: number, j: number) => pattern.allows(p, j);
    expectClose(blockSparseAttention(q, k, v, opts), naiveAttention(q, k, v, { allows }), 1e-12);
    const g = randn([1, 2, 40, 3], 5);
    const sparse = gradsOf((a, b, c) => blockSparseAttention(a, b, c, opts), [q, k, v], g);
    const dense = gradsOf((a, b, c) => naiveLike(a, b, c, allows), [q, k, v], g);
    sparse.forEach((t, i) => expectClose(t, dense[i]!, 1e-11));
  });
});

/** The plain path with a pattern that claims every tile is partial: the dense reference. */
function naiveLike(q: Tensor, k: Tensor, v: Tensor, allows: (p: number, j: number) => boolean): Tensor {
  return scaledDotProductAttention(q, k, v, { pattern: { name: 'test', allows, coverage: () => 'partial' } });
}
