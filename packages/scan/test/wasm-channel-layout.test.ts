// Channel padding per B/C group: round trips of rows and per-quad matrices, zero padding, and the
// group offset of every quad.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelLayout,
  groupOffsets,
  packPerQuad,
  packRows,
  paddedChannel,
  unpackPerQuad,
  unpackRows,
} from '../src/wasm-channel-layout';

describe('channel layout', () => {
  it('pads each group to whole quads', () => {
    expect(channelLayout(8, 1)).toMatchObject({ perGroup: 8, Pg: 8, Dp: 8, Q: 2 });
    expect(channelLayout(6, 2)).toMatchObject({ perGroup: 3, Pg: 4, Dp: 8, Q: 2 });
    expect(channelLayout(5, 1)).toMatchObject({ perGroup: 5, Pg: 8, Dp: 8, Q: 2 });
    const l = channelLayout(6, 2);
    expect([0, 1, 2, 3, 4, 5].map((d) => paddedChannel(l, d))).toEqual([0, 1, 2, 4, 5, 6]);
    expect(Array.from(groupOffsets(channelLayout(16, 2), 3))).toEqual([0, 0, 12, 12]);
  });

  it('packs rows with zeros in the padding and unpacks them back (typed and plain arrays)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (G, per, R, plain) => {
          const l = channelLayout(G * per, G);
          const src = Float64Array.from({ length: R * l.D + 3 }, (_, i) => i + 1);
          const dst = new Float32Array(R * l.Dp + 5).fill(Number.NaN);
          packRows(plain ? Array.from(src) : src, 3, R, l, dst, 5);
          for (let r = 0; r < R; r++) {
            for (let p = 0; p < l.Dp; p++) {
              const g = Math.floor(p / l.Pg);
              const i = p - g * l.Pg;
              const want = i < per ? src[3 + r * l.D + g * per + i] : 0;
              expect(dst[5 + r * l.Dp + p]).toBe(want);
            }
          }
          const back = new Float64Array(R * l.D);
          unpackRows(dst, 5, R, l, back, 0);
          expect(Array.from(back)).toEqual(Array.from(src.subarray(3)));
          unpackRows(dst, 5, R, l, back, 0, true);
          expect(Array.from(back)).toEqual(Array.from(src.subarray(3), (v) => 2 * v));
        },
      ),
    );
  });

  it('puts [D, N] in quad-major lanes and back', () => {
    const l = channelLayout(6, 2);
    const N = 3;
    const src = Float32Array.from({ length: 6 * N }, (_, i) => i + 1);
    const dst = new Float32Array(l.Dp * N).fill(Number.NaN);
    packPerQuad(src, 0, N, l, dst, 0);
    // channel 4 (group 1, index 1) sits at p = 5: quad 1, lane 1; n = 2 is the third vector
    expect(dst[(1 * N + 2) * 4 + 1]).toBe(src[4 * N + 2]);
    // padding lanes (p = 3 and 7) are zero
    for (let n = 0; n < N; n++) {
      expect(dst[n * 4 + 3]).toBe(0);
      expect(dst[(N + n) * 4 + 3]).toBe(0);
    }
    const back = new Float32Array(6 * N);
    unpackPerQuad(dst, 0, N, l, back, 0);
    expect(back).toEqual(src);
  });
});
