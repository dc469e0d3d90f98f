import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scatterBlock, sliceBlock } from '../src/host-slice';

describe('sliceBlock / scatterBlock', () => {
  it('scatter(slice(x)) restores the block and nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (P, Q, X, a, b, c, d) => {
          const p0 = a % P;
          const p1 = p0 + 1 + (b % (P - p0));
          const x0 = c % X;
          const x1 = x0 + 1 + (d % (X - x0));
          const src = Float64Array.from({ length: P * Q * X }, (_, i) => i + 1);
          const block = sliceBlock(src, Q, X, p0, p1, x0, x1);
          expect(block.length).toBe((p1 - p0) * Q * (x1 - x0));
          const dst = new Float64Array(src.length);
          scatterBlock(dst, block, Q, X, p0, p1, x0, x1);
          for (let p = 0; p < P; p++)
            for (let q = 0; q < Q; q++)
              for (let x = 0; x < X; x++) {
                const i = (p * Q + q) * X + x;
                const inside = p >= p0 && p < p1 && x >= x0 && x < x1;
                expect(dst[i]).toBe(inside ? src[i] : 0);
              }
          scatterBlock(dst, block, Q, X, p0, p1, x0, x1, true);
          expect(dst[p0 * Q * X + x0]).toBe(2 * src[p0 * Q * X + x0]!);
        },
      ),
    );
  });
});
