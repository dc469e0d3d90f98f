import {
  assertGradcheck,
  fromArray,
  matmul,
  permute,
  reshape,
  ShapeError,
  slice,
  sum,
  transpose,
  ValueError,
} from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRope, ropeAngles } from '../src/index';
import { arr, expectClose, randn } from './helpers';

describe('rotary position embedding', () => {
  it('rotates pair i by position·theta^(−2i/d) (half: pairs (i, i + d/2))', () => {
    // d = 4, one row at position 3: pairs (x0, x2) at frequency 1 and (x1, x3) at 10000^(−1/2).
    const x = fromArray([1, 2, 3, 4], [1, 4], { dtype: 'float64' });
    const y = arr(applyRope(x, { offset: 3 }));
    const [a0, a1] = [3, 3 * 10000 ** -0.5];
    expect(y[0]).toBeCloseTo(1 * Math.cos(a0) - 3 * Math.sin(a0), 14);
    expect(y[2]).toBeCloseTo(3 * Math.cos(a0) + 1 * Math.sin(a0), 14);
    expect(y[1]).toBeCloseTo(2 * Math.cos(a1) - 4 * Math.sin(a1), 14);
    expect(y[3]).toBeCloseTo(4 * Math.cos(a1) + 2 * Math.sin(a1), 14);
  });

  it('interleaved: pairs (2i, 2i + 1); the two conventions differ by a fixed permutation', () => {
    const x = randn([2, 3, 5, 8], 1);
    const d = 8;
    // interleaved -> half layout: features [0, 2, 4, 6, 1, 3, 5, 7]
    const toHalf = (t: typeof x) =>
      reshape(permute(reshape(t, [2, 3, 5, d / 2, 2]), [0, 1, 2, 4, 3]), [2, 3, 5, d]);
    expectClose(
      toHalf(applyRope(x, { convention: 'interleaved', theta: 500 })),
      applyRope(toHalf(x), { convention: 'half', theta: 500 }),
      1e-14,
    );
  });

  it('preserves norms, and scores depend only on the distance between positions', () => {
    fc.assert(
      fc.property(
        fc.nat(50),
        fc.nat(50),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom<'half' | 'interleaved'>('half', 'interleaved'),
        (m, n, shift, convention) => {
          const q = randn([1, 6], m + 1);
          const k = randn([1, 6], n + 101);
          const score = (a: number, b: number) =>
            matmul(
              applyRope(q, { offset: a, convention }),
              transpose(applyRope(k, { offset: b, convention })),
            ).item();
          expect(score(m + shift, n + shift)).toBeCloseTo(score(m, n), 11);
          expect(sum(applyRope(q, { offset: m, convention }).square()).item()).toBeCloseTo(
            sum(q.square()).item(),
            12,
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('an offset equals the matching rows of a longer sequence (cached decoding)', () => {
    const x = randn([1, 2, 10, 4], 2);
    expectClose(applyRope(slice(x, 2, 7), { offset: 7 }), slice(applyRope(x), 2, 7), 1e-15);
    expectClose(applyRope(x, { positions: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), applyRope(x), 0);
  });

  it('angles are computed in float64 before the cast', () => {
    const { cos } = ropeAngles(1, 2, { offset: 100000 }, 'float32');
    expect(cos.item()).toBeCloseTo(Math.fround(Math.cos(100000)), 7);
  });

  it('gradients', () => {
    assertGradcheck((t) => applyRope(t, { convention: 'half', offset: 2 }), [randn([2, 3, 4], 3)]);
    assertGradcheck((t) => applyRope(t, { convention: 'interleaved' }), [randn([2, 3, 6], 4)]);
  });

  it('refuses odd widths and unknown conventions', () => {
    expect(() => applyRope(randn([2, 3]))).toThrow(ShapeError);
    expect(() => applyRope(randn([2, 4]), { convention: 'other' as 'half' })).toThrow(ValueError);
    expect(() => ropeAngles(2, 4, { positions: [1] })).toThrow(ValueError);
  });
});
