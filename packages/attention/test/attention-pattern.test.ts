import { ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttentionPattern,
  bandPattern,
  causalPattern,
  globalTokensPattern,
  intersectPatterns,
  longformerPattern,
  patternKeepMatrix,
  slidingWindowPattern,
  unionPatterns,
} from '../src/index';

/** Brute-force truth of a tile. */
function truth(p: AttentionPattern, p0: number, p1: number, j0: number, j1: number) {
  let any = false;
  let all = true;
  for (let x = p0; x < p1; x++) {
    for (let j = j0; j < j1; j++) {
      if (p.allows(x, j)) any = true;
      else all = false;
    }
  }
  return { any, all };
}

const arbPattern: fc.Arbitrary<AttentionPattern> = fc.oneof(
  fc.constant(causalPattern()),
  fc.record({ l: fc.nat(6), r: fc.nat(6) }).map(({ l, r }) => bandPattern(l, r)),
  fc.uniqueArray(fc.nat(20), { maxLength: 4 }).map((g) => globalTokensPattern(g)),
  fc
    .record({ l: fc.nat(5), g: fc.uniqueArray(fc.nat(20), { maxLength: 3 }), causal: fc.boolean() })
    .map(({ l, g, causal }) => longformerPattern({ left: l, global: g, causal })),
);

describe('attention patterns', () => {
  it('causal keeps j ≤ p, and patternKeepMatrix aligns queries bottom-right', () => {
    const keep = patternKeepMatrix(causalPattern(), 2, 4);
    // query rows are positions 2 and 3 of 4 keys
    expect(Array.from(keep)).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('sliding window sees left keys before and right keys after', () => {
    const w = slidingWindowPattern({ left: 2, right: 1 });
    const seen = Array.from({ length: 10 }, (_, j) => (w.allows(5, j) ? j : -1)).filter((j) => j >= 0);
    expect(seen).toEqual([3, 4, 5, 6]);
    expect(slidingWindowPattern({ left: 1 }).allows(5, 6)).toBe(false);
  });

  it('global tokens see everything and are seen by everyone', () => {
    const g = globalTokensPattern([0, 7]);
    expect(g.allows(3, 0)).toBe(true);
    expect(g.allows(7, 2)).toBe(true);
    expect(g.allows(3, 4)).toBe(false);
    const lf = longformerPattern({ left: 1, global: [0], causal: true });
    expect(lf.allows(0, 5)).toBe(false); // causal still applies to the global query
    expect(lf.allows(9, 0)).toBe(true);
    expect(lf.allows(9, 8)).toBe(true);
    expect(lf.allows(9, 5)).toBe(false);
  });

  it('coverage never contradicts allows (empty: nothing visible; full: everything)', () => {
    fc.assert(
      fc.property(
        arbPattern,
        fc.nat(24),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(24),
        fc.integer({ min: 1, max: 6 }),
        (p, p0, np, j0, nj) => {
          const c = p.coverage(p0, p0 + np, j0, j0 + nj);
          const t = truth(p, p0, p0 + np, j0, j0 + nj);
          if (c === 'empty') expect(t.any).toBe(false);
          if (c === 'full') expect(t.all).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('band coverage is exact', () => {
    fc.assert(
      fc.property(
        fc.nat(5),
        fc.nat(5),
        fc.nat(20),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(20),
        fc.integer({ min: 1, max: 5 }),
        (l, r, p0, np, j0, nj) => {
          const b = bandPattern(l, r);
          const t = truth(b, p0, p0 + np, j0, j0 + nj);
          expect(b.coverage(p0, p0 + np, j0, j0 + nj)).toBe(t.all ? 'full' : t.any ? 'partial' : 'empty');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('union and intersection combine allows', () => {
    const a = bandPattern(1, 0);
    const b = globalTokensPattern([3]);
    const u = unionPatterns(a, b);
    const i = intersectPatterns(a, causalPattern());
    expect(u.allows(8, 3)).toBe(true);
    expect(u.allows(8, 4)).toBe(false);
    expect(i.allows(4, 5)).toBe(false);
    expect(i.allows(4, 3)).toBe(true);
  });

  it('refuses bad parameters', () => {
    expect(() => bandPattern(-1, 0)).toThrow(ValueError);
    expect(() => bandPattern(1.5, 0)).toThrow(ValueError);
    expect(() => globalTokensPattern([-2])).toThrow(ValueError);
    expect(() => unionPatterns()).toThrow(ValueError);
  });
});
