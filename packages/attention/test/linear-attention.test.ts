import { assertGradcheck, concat, fromArray, ShapeError, slice, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearAttention, linearAttentionWithState, linearStateBytes } from '../src/index';
import { expectClose, randn } from './helpers';

/** out_i = φ(q_i)ᵀ S_i / (φ(q_i)ᵀ z_i + eps) with loops, elu+1 or relu. */
function reference(
  q: ReturnType<typeof randn>,
  k: ReturnType<typeof randn>,
  v: ReturnType<typeof randn>,
  causal: boolean,
  map: 'elu1' | 'relu',
  eps: number,
) {
  const [B, H, L, d] = q.shape as [number, number, number, number];
  const dv = v.shape[3]!;
  const phi = (x: number) => (map === 'relu' ? Math.max(x, 0) : x > 0 ? x + 1 : Math.exp(x));
  const Q = q.toArray();
  const K = k.toArray();
  const V = v.toArray();
  const out = new Float64Array(B * H * L * dv);
  for (let bh = 0; bh < B * H; bh++) {
    for (let i = 0; i < L; i++) {
      let den = 0;
      const num = new Float64Array(dv);
      for (let j = 0; j < (causal ? i + 1 : L); j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += phi(Q[(bh * L + i) * d + c]!) * phi(K[(bh * L + j) * d + c]!);
        den += dot;
        for (let c = 0; c < dv; c++) num[c]! += dot * V[(bh * L + j) * dv + c]!;
      }
      for (let c = 0; c < dv; c++) out[(bh * L + i) * dv + c] = num[c]! / (den + eps);
    }
  }
  return fromArray(out, [B, H, L, dv], { dtype: 'float64' });
}

describe('linear attention', () => {
  it('parallel, recurrent and chunkwise forms are equal and match the formula', () => {
    fc.assert(
      fc.property(
        fc.record({
          L: fc.integer({ min: 1, max: 13 }),
          d: fc.integer({ min: 1, max: 4 }),
          dv: fc.integer({ min: 1, max: 3 }),
          C: fc.integer({ min: 1, max: 6 }),
          causal: fc.boolean(),
          map: fc.constantFrom<'elu1' | 'relu'>('elu1', 'relu'),
          seed: fc.nat(1000),
        }),
        ({ L, d, dv, C, causal, map, seed }) => {
          const q = randn([2, 2, L, d], seed);
          const k = randn([2, 2, L, d], seed + 1);
          const v = randn([2, 2, L, dv], seed + 2);
          const ref = reference(q, k, v, causal, map, 1e-6);
          for (const mode of ['parallel', 'recurrent', 'chunkwise'] as const) {
            const out = linearAttention(q, k, v, { causal, featureMap: map, mode, chunkSize: C });
            expectClose(out, ref, 1e-11);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the final state continues the sequence: two calls equal one', () => {
    const q = randn([1, 2, 10, 3], 1);
    const k = randn([1, 2, 10, 3], 2);
    const v = randn([1, 2, 10, 4], 3);
    const whole = linearAttentionWithState(q, k, v, { causal: true });
    const first = linearAttentionWithState(slice(q, 2, 0, 6), slice(k, 2, 0, 6), slice(v, 2, 0, 6), {
      causal: true,
      chunkSize: 4,
    });
    const second = linearAttentionWithState(slice(q, 2, 6), slice(k, 2, 6), slice(v, 2, 6), {
      causal: true,
      mode: 'recurrent',
      initialState: first.state,
    });
    expectClose(concat([first.out, second.out], 2), whole.out, 1e-12);
    expectClose(second.state.S, whole.state.S, 1e-12);
    expectClose(second.state.z, whole.state.z, 1e-12);
    // H·m·(dv + 1) numbers per sequence, whatever the length
    expect(linearStateBytes(whole.state)).toBe(2 * 3 * (4 + 1) * 8);
  });

  it('non-causal attention may have a different number of keys', () => {
    const q = randn([1, 1, 3, 2], 4);
    const k = randn([1, 1, 7, 2], 5);
    const v = randn([1, 1, 7, 2], 6);
    expectClose(
      linearAttention(q, k, v, { mode: 'recurrent' }),
      linearAttention(q, k, v, { mode: 'parallel' }),
      1e-13,
    );
    expect(() => linearAttention(q, k, v, { causal: true })).toThrow(ShapeError);
  });

  it('gradients in every form', () => {
    const q = randn([1, 1, 5, 2], 7);
    const k = randn([1, 1, 5, 2], 8);
    const v = randn([1, 1, 5, 3], 9);
    for (const mode of ['parallel', 'recurrent', 'chunkwise'] as const) {
      assertGradcheck((a, b, c) => linearAttention(a, b, c, { causal: true, mode, chunkSize: 2 }), [q, k, v]);
    }
    assertGradcheck((a, b, c) => linearAttention(a, b, c, { causal: false, featureMap: 'relu' }), [q, k, v]);
  });

  it('refuses unknown modes, maps and chunk sizes', () => {
    const x = randn([1, 1, 2, 2]);
    expect(() => linearAttention(x, x, x, { mode: 'fast' as 'parallel' })).toThrow(ValueError);
    expect(() => linearAttention(x, x, x, { featureMap: 'tanh' as 'relu' })).toThrow(ValueError);
    expect(() => linearAttention(x, x, x, { chunkSize: 0 })).toThrow(ValueError);
  });
});
