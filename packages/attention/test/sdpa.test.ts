import {
  assertGradcheck,
  DTypeError,
  fromArray,
  ShapeError,
  slice,
  tensor,
  ValueError,
} from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alibiBias,
  alibiSlopes,
  attentionWithWeights,
  repeatKv,
  scaledDotProductAttention,
  slidingWindowPattern,
} from '../src/index';
import { arr, expectClose, gradsOf, naiveAttention, randn } from './helpers';

describe('scaledDotProductAttention', () => {
  it('equals the loop reference with and without causal masking, for any shapes', () => {
    fc.assert(
      fc.property(
        fc.record({
          B: fc.integer({ min: 1, max: 2 }),
          Hkv: fc.integer({ min: 1, max: 2 }),
          group: fc.integer({ min: 1, max: 3 }),
          Lq: fc.integer({ min: 1, max: 7 }),
          extra: fc.integer({ min: 0, max: 5 }),
          d: fc.integer({ min: 1, max: 5 }),
          dv: fc.integer({ min: 1, max: 4 }),
          causal: fc.boolean(),
          seed: fc.nat(1000),
        }),
        ({ B, Hkv, group, Lq, extra, d, dv, causal, seed }) => {
          const Lk = Lq + extra;
          const q = randn([B, Hkv * group, Lq, d], seed);
          const k = randn([B, Hkv, Lk, d], seed + 1);
          const v = randn([B, Hkv, Lk, dv], seed + 2);
          expectClose(
            scaledDotProductAttention(q, k, v, { causal }),
            naiveAttention(q, k, v, { causal }),
            1e-12,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('bottom-right causal alignment: the last Lq rows of full causal attention (KV-cache decoding)', () => {
    const q = randn([1, 2, 9, 4], 1);
    const k = randn([1, 2, 9, 4], 2);
    const v = randn([1, 2, 9, 3], 3);
    const full = scaledDotProductAttention(q, k, v, { causal: true });
    const tail = scaledDotProductAttention(slice(q, 2, 6), k, v, { causal: true });
    expectClose(tail, slice(full, 2, 6), 1e-14);
  });

  it('query rows that see no key give zeros and zero gradients, never NaN', () => {
    // Lq > Lk with causal masking: rows 0 and 1 are at positions −2 and −1.
    const q = randn([1, 1, 5, 3], 4);
    const k = randn([1, 1, 3, 3], 5);
    const v = randn([1, 1, 3, 2], 6);
    const out = scaledDotProductAttention(q, k, v, { causal: true });
    expect(arr(out).slice(0, 4)).toEqual([0, 0, 0, 0]);
    expectClose(out, naiveAttention(q, k, v, { causal: true }), 1e-13);
    const [gq] = gradsOf(
      (a, b, c) => scaledDotProductAttention(a, b, c, { causal: true }),
      [q, k, v],
      randn([1, 1, 5, 2], 7),
    );
    expect(arr(gq!).every(Number.isFinite)).toBe(true);
    expect(arr(gq!).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('an additive mask, a boolean keep mask and a pattern agree', () => {
    const q = randn([2, 2, 6, 3], 8);
    const k = randn([2, 2, 6, 3], 9);
    const v = randn([2, 2, 6, 3], 10);
    const window = slidingWindowPattern({ left: 2, right: 1 });
    const keep: number[][] = [];
    const add: number[][] = [];
    for (let i = 0; i < 6; i++) {
      keep.push([]);
      add.push([]);
      for (let j = 0; j < 6; j++) {
        keep[i]!.push(window.allows(i, j) ? 1 : 0);
        add[i]!.push(window.allows(i, j) ? 0 : Number.NEGATIVE_INFINITY);
      }
    }
    const a = scaledDotProductAttention(q, k, v, { mask: tensor(add, { dtype: 'float64' }) });
    const b = scaledDotProductAttention(q, k, v, { keep: tensor(keep) });
    const c = scaledDotProductAttention(q, k, v, { pattern: window });
    expectClose(a, naiveAttention(q, k, v, { allows: (p, j) => window.allows(p, j) }), 1e-13);
    expectClose(b, a, 0);
    expectClose(c, a, 0);
  });

  it('a finite additive mask shifts logits; the scale option replaces 1/sqrt(d)', () => {
    const q = randn([1, 1, 3, 2], 11);
    const k = randn([1, 1, 4, 2], 12);
    const v = randn([1, 1, 4, 2], 13);
    const mask = randn([3, 4], 14);
    const m = arr(mask);
    const rows = [0, 1, 2].map((i) => m.slice(i * 4, i * 4 + 4));
    expectClose(
      scaledDotProductAttention(q, k, v, { mask, scale: 0.3 }),
      naiveAttention(q, k, v, { mask: rows, scale: 0.3 }),
      1e-13,
    );
  });

  it('ALiBi slopes equal the additive ALiBi bias', () => {
    const q = randn([1, 4, 5, 3], 15);
    const k = randn([1, 4, 7, 3], 16);
    const v = randn([1, 4, 7, 3], 17);
    const slopes = alibiSlopes(4);
    const viaSlopes = scaledDotProductAttention(q, k, v, { alibiSlopes: slopes, causal: true });
    const viaBias = scaledDotProductAttention(q, k, v, {
      mask: alibiBias(slopes, 5, 7, 'float64'),
      causal: true,
    });
    expectClose(viaSlopes, viaBias, 1e-14);
    expectClose(viaSlopes, naiveAttention(q, k, v, { slopes, causal: true }), 1e-12);
  });

  it('weights are probabilities: rows sum to one, zero where masked', () => {
    const q = randn([1, 2, 4, 3], 18);
    const k = randn([1, 2, 4, 3], 19);
    const { weights, out } = attentionWithWeights(q, k, randn([1, 2, 4, 3], 20), { causal: true });
    const w = arr(weights);
    for (let r = 0; r < 8; r++) {
      const row = w.slice(r * 4, r * 4 + 4);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      for (let j = (r % 4) + 1; j < 4; j++) expect(row[j]).toBe(0);
    }
    expect(out.shape).toEqual([1, 2, 4, 3]);
  });

  it('grouped key/value heads equal explicitly repeated heads', () => {
    const q = randn([2, 6, 4, 3], 21);
    const k = randn([2, 2, 5, 3], 22);
    const v = randn([2, 2, 5, 2], 23);
    const shared = scaledDotProductAttention(q, k, v, { causal: true });
    const repeated = scaledDotProductAttention(q, repeatKv(k, 3), repeatKv(v, 3), { causal: true });
    expectClose(shared, repeated, 0);
  });

  it('gradients (float64 gradcheck): causal, masked, grouped', () => {
    const q = randn([1, 2, 3, 2], 24);
    const k = randn([1, 1, 4, 2], 25);
    const v = randn([1, 1, 4, 3], 26);
    assertGradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { causal: true }), [q, k, v]);
    const mask = fromArray([0, -1, 0.5, -Infinity, 0, 0, 2, 0, 1, 0, 0, 0], [3, 4], { dtype: 'float64' });
    assertGradcheck((a, b, c) => scaledDotProductAttention(a, b, c, { mask }), [q, k, v]);
  });

  it('typed errors name the op and the shapes', () => {
    const q = randn([1, 2, 3, 4]);
    expect(() => scaledDotProductAttention(q, randn([1, 2, 3, 5]), randn([1, 2, 3, 4]))).toThrow(ShapeError);
    expect(() => scaledDotProductAttention(q, randn([1, 3, 3, 4]), randn([1, 3, 3, 4]))).toThrow(/divide/);
    expect(() => scaledDotProductAttention(q, q, q, { mask: randn([2, 3]) })).toThrow(/mask must broadcast/);
    expect(() => scaledDotProductAttention(q, q.to('float32'), q)).toThrow(DTypeError);
    expect(() => scaledDotProductAttention(q, q, q, { alibiSlopes: [1] })).toThrow(ValueError);
  });
});
