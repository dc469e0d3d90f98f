import { assertGradcheck, logsumexp, matmul, mul, transpose, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alibiSlopes,
  flashAttention,
  flashAttentionWithLse,
  longformerPattern,
  scaledDotProductAttention,
  slidingWindowPattern,
  type TiledStats,
} from '../src/index';
import { arr, expectClose, gradsOf, maxAbsDiff, randn } from './helpers';

const arbCase = fc.record({
  B: fc.integer({ min: 1, max: 2 }),
  Hkv: fc.integer({ min: 1, max: 2 }),
  group: fc.integer({ min: 1, max: 2 }),
  Lq: fc.integer({ min: 1, max: 12 }),
  extra: fc.integer({ min: 0, max: 6 }),
  d: fc.integer({ min: 1, max: 6 }),
  dv: fc.integer({ min: 1, max: 5 }),
  causal: fc.boolean(),
  window: fc.option(fc.record({ left: fc.nat(4), right: fc.nat(3) }), { nil: undefined }),
  alibi: fc.boolean(),
  dropout: fc.option(fc.double({ min: 0.05, max: 0.6, noNaN: true }), { nil: undefined }),
  blockQ: fc.integer({ min: 1, max: 8 }),
  blockK: fc.integer({ min: 1, max: 8 }),
  seed: fc.nat(1000),
});

describe('flashAttention (tiled, online softmax)', () => {
  it('equals the plain path, forward and backward, for any tiling and options (float64)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const H = c.Hkv * c.group;
        const Lk = c.Lq + c.extra;
        const q = randn([c.B, H, c.Lq, c.d], c.seed);
        const k = randn([c.B, c.Hkv, Lk, c.d], c.seed + 1);
        const v = randn([c.B, c.Hkv, Lk, c.dv], c.seed + 2);
        const opts = {
          causal: c.causal,
          pattern: c.window ? slidingWindowPattern(c.window) : undefined,
          alibiSlopes: c.alibi ? alibiSlopes(H) : undefined,
          dropout: c.dropout ? { p: c.dropout, seed: c.seed } : undefined,
        };
        const g = randn([c.B, H, c.Lq, c.dv], c.seed + 3);
        const tiled = (a: typeof q, b: typeof q, x: typeof q) =>
          flashAttention(a, b, x, { ...opts, blockQ: c.blockQ, blockK: c.blockK });
        const plain = (a: typeof q, b: typeof q, x: typeof q) => scaledDotProductAttention(a, b, x, opts);
        expectClose(tiled(q, k, v), plain(q, k, v), 1e-12);
        const gt = gradsOf(tiled, [q, k, v], g);
        const gp = gradsOf(plain, [q, k, v], g);
        gt.forEach((t, i) => expectClose(t, gp[i]!, 1e-11));
      }),
      { numRuns: 80 },
    );
  });

  it('equals the plain path within float32 rounding', () => {
    const q = randn([1, 4, 100, 16], 1, 'float32');
    const k = randn([1, 2, 130, 16], 2, 'float32');
    const v = randn([1, 2, 130, 8], 3, 'float32');
    const g = randn([1, 4, 100, 8], 4, 'float32');
    const tiled = (a: typeof q, b: typeof q, x: typeof q) =>
      flashAttention(a, b, x, { causal: true, blockQ: 16, blockK: 32 });
    const plain = (a: typeof q, b: typeof q, x: typeof q) =>
      scaledDotProductAttention(a, b, x, { causal: true });
    expect(maxAbsDiff(tiled(q, k, v), plain(q, k, v))).toBeLessThan(2e-6);
    const gt = gradsOf(tiled, [q, k, v], g);
    const gp = gradsOf(plain, [q, k, v], g);
    gt.forEach((t, i) => expect(maxAbsDiff(t, gp[i]!)).toBeLessThan(2e-5));
  });

  it('passes gradcheck with several partial tiles, GQA, ALiBi, a pattern and dropout', () => {
    const q = randn([1, 4, 7, 3], 5);
    const k = randn([1, 2, 9, 3], 6);
    const v = randn([1, 2, 9, 2], 7);
    const base = { blockQ: 3, blockK: 2 };
    assertGradcheck((a, b, c) => flashAttention(a, b, c, { ...base, causal: true }), [q, k, v]);
    assertGradcheck(
      (a, b, c) => flashAttention(a, b, c, { ...base, causal: true, dropout: { p: 0.3, seed: 5 } }),
      [q, k, v],
    );
    const pattern = longformerPattern({ left: 1, global: [0, 5] });
    assertGradcheck(
      (a, b, c) => flashAttention(a, b, c, { ...base, pattern, alibiSlopes: alibiSlopes(4) }),
      [q, k, v],
    );
  });

  it('saves the log-sum-exp of each row of logits', () => {
    const q = randn([2, 2, 5, 4], 8);
    const k = randn([2, 2, 5, 4], 9);
    const { lse } = flashAttentionWithLse(q, k, randn([2, 2, 5, 3], 10), { blockQ: 2, blockK: 2 });
    const ref = logsumexp(mul(matmul(q, transpose(k)), 0.5), -1);
    expectClose(lse, ref, 1e-13);
  });

  it('rows that see no key give zeros, −∞ log-sum-exp, and finite gradients', () => {
    const q = randn([1, 1, 6, 2], 11);
    const k = randn([1, 1, 3, 2], 12);
    const v = randn([1, 1, 3, 2], 13);
    const { out, lse } = flashAttentionWithLse(q, k, v, { causal: true, blockQ: 4, blockK: 2 });
    expect(arr(out).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(arr(lse).slice(0, 3)).toEqual([-Infinity, -Infinity, -Infinity]);
    const grads = gradsOf(
      (a, b, c) => flashAttention(a, b, c, { causal: true, blockQ: 4, blockK: 2 }),
      [q, k, v],
      randn([1, 1, 6, 2], 14),
    );
    for (const g of grads) expect(arr(g).every(Number.isFinite)).toBe(true);
  });

  it('uses O(1) scratch in the length: the same tile buffers at L = 64 and L = 1024', () => {
    const stats = (L: number): TiledStats => {
      const s: TiledStats = { scratchElements: 0, tilesComputed: 0, tilesSkipped: 0 };
      const x = randn([1, 1, L, 8], L, 'float32');
      flashAttention(x, x, x, { causal: true, blockQ: 32, blockK: 32, stats: s });
      return s;
    };
    const small = stats(64);
    const large = stats(1024);
    expect(large.scratchElements).toBe(small.scratchElements);
    // 32·8 (scaled queries) + 32·32 (logits) + 32·8 (accumulator) + 2·32 (m, l): far below L² = 1048576.
    expect(large.scratchElements).toBe(32 * 8 + 32 * 32 + 32 * 8 + 64);
    // causal: the tiles above the diagonal are never computed
    expect(large.tilesComputed).toBe((32 * 33) / 2);
    expect(large.tilesSkipped).toBe((32 * 31) / 2);
  });

  it('refuses bad tile sizes', () => {
    const x = randn([1, 1, 2, 2]);
    expect(() => flashAttention(x, x, x, { blockQ: 0 })).toThrow(ValueError);
    expect(() => flashAttention(x, x, x, { blockK: 1.5 })).toThrow(ValueError);
  });
});
