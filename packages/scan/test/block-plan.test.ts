// Blocks cover every (batch row, channel) exactly once, read the right groups, and keep every
// kernel array under 2^24 elements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDEX_LIMIT, planBlocks } from '../src/block-plan';

describe('planBlocks', () => {
  it('covers the scan once and respects the limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 70000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom(1, 4, 16),
        fc.integer({ min: 0, max: 64 }),
        (batch, length, groups, perGroup, state, chunks) => {
          const channels = groups * perGroup;
          const g = {
            batch,
            length,
            channels,
            state,
            groups,
            chunks: Math.min(chunks, length),
            projections: true,
          };
          let blocks: ReturnType<typeof planBlocks>;
          try {
            blocks = planBlocks('t', g);
          } catch {
            // only when a single channel of one batch row cannot fit
            expect(length * state >= INDEX_LIMIT || length > 65535 * 8).toBe(true);
            return;
          }
          const seen = new Uint8Array(batch * channels);
          for (const k of blocks) {
            const Bb = k.b1 - k.b0;
            const Dc = k.d1 - k.d0;
            const Gc = k.g1 - k.g0;
            expect(Bb * length * Dc).toBeLessThan(INDEX_LIMIT);
            expect(Bb * length * Gc * state).toBeLessThan(INDEX_LIMIT);
            expect(Bb * Math.max(g.chunks, 1) * Dc * state).toBeLessThan(INDEX_LIMIT);
            // the channels' groups are exactly [g0, g1)
            expect(Math.floor(k.d0 / perGroup)).toBe(k.g0);
            expect(Math.floor((k.d1 - 1) / perGroup)).toBe(k.g1 - 1);
            if (Gc > 1) expect(Dc).toBe(Gc * perGroup);
            for (let b = k.b0; b < k.b1; b++) for (let d = k.d0; d < k.d1; d++) seen[b * channels + d]!++;
          }
          expect(seen.every((v) => v === 1)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps one block when everything fits', () => {
    expect(
      planBlocks('t', {
        batch: 2,
        length: 2048,
        channels: 256,
        state: 16,
        groups: 1,
        chunks: 128,
        projections: true,
      }),
    ).toHaveLength(1);
  });
});
