import {
  assertGradcheck,
  concat,
  fromArray,
  full,
  neg,
  ShapeError,
  slice,
  softplus,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatedLinearAttention } from '../src/index';
import { arr, expectClose, randn } from './helpers';

/** S_t = exp(g_t)[:, None] ⊙ S_{t−1} + k_t v_tᵀ, o_t = (s q_t)ᵀ S_t, with loops. */
function reference(q: Tensor, k: Tensor, v: Tensor, g: Tensor, scale: number) {
  const [B, H, L, dk] = q.shape as [number, number, number, number];
  const dv = v.shape[3]!;
  const [Q, K, V, G] = [q, k, v, g].map((t) => t.toArray());
  const out = new Float64Array(B * H * L * dv);
  const final = new Float64Array(B * H * dk * dv);
  for (let bh = 0; bh < B * H; bh++) {
    const S = new Float64Array(dk * dv);
    for (let t = 0; t < L; t++) {
      for (let a = 0; a < dk; a++) {
        const decay = Math.exp(G![(bh * L + t) * dk + a]!);
        for (let c = 0; c < dv; c++)
          S[a * dv + c] = decay * S[a * dv + c]! + K![(bh * L + t) * dk + a]! * V![(bh * L + t) * dv + c]!;
      }
      for (let c = 0; c < dv; c++) {
        let o = 0;
        for (let a = 0; a < dk; a++) o += scale * Q![(bh * L + t) * dk + a]! * S[a * dv + c]!;
        out[(bh * L + t) * dv + c] = o;
      }
    }
    final.set(S, bh * dk * dv);
  }
  return {
    out: fromArray(out, [B, H, L, dv], { dtype: 'float64' }),
    finalState: fromArray(final, [B, H, dk, dv], { dtype: 'float64' }),
  };
}

/** A log decay in (−∞, 0): logsigmoid of Gaussian logits. */
const logDecay = (shape: number[], seed: number) => neg(softplus(neg(randn(shape, seed, 'float64', 2))));

describe('gated linear attention', () => {
  it('recurrent and chunkwise forms equal the recurrence, with the final state', () => {
    fc.assert(
      fc.property(
        fc.record({
          L: fc.integer({ min: 1, max: 14 }),
          dk: fc.integer({ min: 1, max: 4 }),
          dv: fc.integer({ min: 1, max: 3 }),
          C: fc.integer({ min: 1, max: 6 }),
          seed: fc.nat(1000),
        }),
        ({ L, dk, dv, C, seed }) => {
          const q = randn([2, 2, L, dk], seed);
          const k = randn([2, 2, L, dk], seed + 1);
          const v = randn([2, 2, L, dv], seed + 2);
          const g = logDecay([2, 2, L, dk], seed + 3);
          const ref = reference(q, k, v, g, 0.7);
          for (const mode of ['recurrent', 'chunkwise'] as const) {
            const r = gatedLinearAttention(q, k, v, g, { scale: 0.7, mode, chunkSize: C });
            expectClose(r.out, ref.out, 1e-12);
            expectClose(r.finalState, ref.finalState, 1e-12);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('stays finite and exact under decays that underflow within a chunk', () => {
    // exp(−60)^t underflows quickly: a form dividing by cumulative decays would give ∞ or NaN.
    const L = 64;
    const q = randn([1, 1, L, 3], 1);
    const k = randn([1, 1, L, 3], 2);
    const v = randn([1, 1, L, 2], 3);
    const g = concat(
      [full([1, 1, L, 2], -60, { dtype: 'float64' }), full([1, 1, L, 1], -1e-3, { dtype: 'float64' })],
      3,
    );
    const r = gatedLinearAttention(q, k, v, g, { chunkSize: 64 });
    expect(arr(r.out).every(Number.isFinite)).toBe(true);
    const ref = reference(q, k, v, g, 3 ** -0.5);
    expectClose(r.out, ref.out, 1e-12);
    expectClose(r.finalState, ref.finalState, 1e-12);
  });

  it('an initial state continues the sequence', () => {
    const q = randn([1, 2, 9, 3], 4);
    const k = randn([1, 2, 9, 3], 5);
    const v = randn([1, 2, 9, 2], 6);
    const g = logDecay([1, 2, 9, 3], 7);
    const whole = gatedLinearAttention(q, k, v, g);
    const part = (a: number, b: number, S?: Tensor) =>
      gatedLinearAttention(slice(q, 2, a, b), slice(k, 2, a, b), slice(v, 2, a, b), slice(g, 2, a, b), {
        initialState: S,
        chunkSize: 2,
      });
    const first = part(0, 5);
    const second = part(5, 9, first.finalState);
    expectClose(concat([first.out, second.out], 2), whole.out, 1e-12);
    expectClose(second.finalState, whole.finalState, 1e-12);
  });

  it('gradients of q, k, v and the decay in both forms', () => {
    const q = randn([1, 1, 5, 2], 8);
    const k = randn([1, 1, 5, 2], 9);
    const v = randn([1, 1, 5, 2], 10);
    const g = logDecay([1, 1, 5, 2], 11);
    const S0 = randn([1, 1, 2, 2], 12);
    for (const mode of ['recurrent', 'chunkwise'] as const) {
      assertGradcheck(
        (a, b, c, d, s) => {
          const r = gatedLinearAttention(a, b, c, d, { mode, chunkSize: 2, initialState: s });
          return [r.out, r.finalState];
        },
        [q, k, v, g, S0],
      );
    }
  });

  it('refuses mismatched shapes and bad options', () => {
    const x = randn([1, 1, 3, 2]);
    expect(() => gatedLinearAttention(x, x, x, randn([1, 1, 3, 3]))).toThrow(ShapeError);
    expect(() => gatedLinearAttention(x, x, x, x, { initialState: randn([1, 1, 3, 2]) })).toThrow(ShapeError);
    expect(() => gatedLinearAttention(x, x, x, x, { mode: 'parallel' as 'recurrent' })).toThrow(ValueError);
    expect(() => gatedLinearAttention(x, x, x, x, { chunkSize: -1 })).toThrow(ValueError);
  });
});
