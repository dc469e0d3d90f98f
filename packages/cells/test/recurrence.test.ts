import {
  assertGradcheck,
  DTypeError,
  eye,
  Generator,
  isGradEnabled,
  mul,
  noGrad,
  ShapeError,
  sum,
  type Tensor,
} from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellKind, gateCount, hasCellState, recurrence } from '../src/index';
import { checkLengths } from '../src/sequence-lengths';
import { expectAllClose } from './close';
import { ALL_KINDS, randn, randomLengths, randomWeights } from './random-tensors';
import { referenceSequence } from './reference-recurrence';

/** Σ over outputs of sum(out ⊙ g) with fixed random g. */
function pairing(outs: (Tensor | null)[], seed: number): Tensor {
  let total: Tensor | null = null;
  outs.forEach((o, k) => {
    if (!o) return;
    const term = sum(mul(o, randn([...o.shape], seed + 17 * k)));
    total = total ? total.add(term) : term;
  });
  return total!;
}

/** A case: xp = x when W_ih = I and b_ih is absent, so the oracle sees the same inputs. */
function makeCase(kind: CellKind, B: number, L: number, H: number, seed: number, bias = true) {
  const GH = gateCount(kind) * H;
  const w = randomWeights(kind, GH, H, seed, bias);
  w.weightIh = eye(GH, GH, { dtype: 'float64' });
  w.biasIh = null;
  const xp = randn([B, L, GH], seed + 10, { grad: true });
  const h0 = randn([B, H], seed + 11, { grad: true });
  const c0 = hasCellState(kind) ? randn([B, H], seed + 12, { grad: true }) : null;
  return { w, xp, h0, c0 };
}

describe('recurrence', () => {
  it('matches the step-by-step oracle in values and gradients (any kind, direction, lengths)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_KINDS),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e6 }),
        (kind, B, L, H, reverse, padded, bias, seed) => {
          const { w, xp, h0, c0 } = makeCase(kind, B, L, H, seed, bias);
          const lengths = padded ? randomLengths(B, L, seed) : undefined;
          const got = recurrence(kind, xp, w.weightHh, w.biasHh, h0, c0, {
            reverse,
            lengths: checkLengths('test', lengths, B, L),
          });
          const want = referenceSequence(kind, xp, w, h0, c0, { reverse, lengths });
          expectAllClose(got.y, want.y);
          expectAllClose(got.h, want.h);
          if (c0) expectAllClose(got.c!, want.c!);

          const leaves = [xp, w.weightHh, w.biasHh, h0, c0].filter((t): t is Tensor => t !== null);
          pairing([got.y, got.h, got.c], seed).backward();
          const mine = leaves.map((t) => t.grad);
          for (const t of leaves) t.zeroGrad();
          pairing([want.y, want.h, want.c], seed).backward();
          leaves.forEach((t, i) => {
            // Where the oracle never reaches a leaf (every sequence empty), ours must give zeros.
            if (t.grad === null)
              expect(mine[i] === null || mine[i]!.toArray().every((v) => v === 0)).toBe(true);
            else expectAllClose(mine[i]!, t.grad, 1e-9, 1e-11);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  for (const kind of ALL_KINDS) {
    it(`passes gradcheck (${kind}, reverse, padded batch)`, () => {
      const { w, xp, h0, c0 } = makeCase(kind, 3, 4, 3, 7);
      const lengths = checkLengths('test', [4, 2, 0], 3, 4);
      const inputs = [xp, w.weightHh, w.biasHh!, h0, ...(c0 ? [c0] : [])];
      for (const reverse of [false, true]) {
        assertGradcheck((xp_, wHh, bHh, h0_, c0_) => {
          const r = recurrence(kind, xp_!, wHh!, bHh!, h0_!, c0_ ?? null, { reverse, lengths });
          return r.c ? [r.y, r.h, r.c] : [r.y, r.h];
        }, inputs);
      }
    });
  }

  it('keeps a finished sequence frozen: final state after its last step, zero outputs after', () => {
    const { w, xp, h0, c0 } = makeCase('lstm', 2, 5, 3, 3);
    const lengths = checkLengths('test', [2, 5], 2, 5);
    const padded = noGrad(() => recurrence('lstm', xp, w.weightHh, w.biasHh, h0, c0, { lengths }));
    const short = noGrad(() => recurrence('lstm', xp.slice(1, 0, 2), w.weightHh, w.biasHh, h0, c0));
    expectAllClose(padded.h.select(0, 0), short.h.select(0, 0), 0, 0);
    expectAllClose(padded.c!.select(0, 0), short.c!.select(0, 0), 0, 0);
    expect([...padded.y.select(0, 0).slice(0, 2, 5).toArray()].every((v) => v === 0)).toBe(true);
  });

  it('records nothing under noGrad and nothing when no input requires grad', () => {
    const { w, xp, h0, c0 } = makeCase('gru', 2, 3, 2, 1);
    const r = noGrad(() => recurrence('gru', xp, w.weightHh, w.biasHh, h0, c0));
    expect(r.y.requiresGrad).toBe(false);
    const plain = recurrence('gru', xp.detach(), w.weightHh.detach(), null, h0.detach(), null);
    expect(plain.y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('computes in float32 within float32 rounding of float64', () => {
    const { w, xp, h0, c0 } = makeCase('lstm', 2, 6, 4, 5);
    const r64 = recurrence('lstm', xp, w.weightHh, w.biasHh, h0, c0);
    const f = (t: Tensor) => t.detach().to('float32');
    const r32 = recurrence('lstm', f(xp), f(w.weightHh), f(w.biasHh!), f(h0), f(c0!));
    expect(r32.y.dtype).toBe('float32');
    expectAllClose(r32.y, r64.y.to('float32'), 1e-5, 1e-6);
  });

  it('refuses bad shapes, a missing or extra cell state and mixed dtypes', () => {
    const { w, xp, h0, c0 } = makeCase('lstm', 2, 3, 2, 1);
    expect(() => recurrence('lstm', xp, w.weightHh, w.biasHh, h0, null)).toThrow(ShapeError);
    expect(() => recurrence('gru', xp, w.weightHh, w.biasHh, h0, c0)).toThrow(
      /weight_hh must have shape \[6, 2\]/,
    );
    expect(() => recurrence('lstm', xp.slice(2, 0, 4), w.weightHh, w.biasHh, h0, c0)).toThrow(
      /xp must have shape/,
    );
    expect(() => recurrence('lstm', xp, w.weightHh, w.biasHh, h0.slice(0, 0, 1), c0)).toThrow(
      /h0 must have shape \[2, 2\]/,
    );
    expect(() => recurrence('lstm', xp, w.weightHh.to('float32'), w.biasHh, h0, c0)).toThrow(DTypeError);
    expect(() => recurrence('rnn_tanh', randn([2, 3, 2], 1), randn([2, 2], 2), null, h0, c0)).toThrow(
      /no cell state/,
    );
  });

  it('handles an empty sequence (L = 0): the state passes through', () => {
    const g = new Generator(0);
    const h0 = g.normal([2, 3], 0, 1, { dtype: 'float64' });
    const r = recurrence('rnn_tanh', randn([2, 0, 3], 1), randn([3, 3], 2), null, h0, null);
    expect(r.y.shape).toEqual([2, 0, 3]);
    expectAllClose(r.h, h0, 0, 0);
  });
});

describe('recurrence lengths', () => {
  it('refuses lengths outside [0, L] instead of reading past the sequence', () => {
    const xp = randn([2, 3, 2], 1);
    const run = (lengths: number[]) =>
      recurrence('rnn_tanh', xp, randn([2, 2], 2), null, randn([2, 2], 3), null, { lengths });
    expect(() => run([3, 4])).toThrow(/lengths\[1\] must be an integer in \[0, 3\]/);
    expect(() => run([3])).toThrow(ShapeError);
    expect(
      run([3, 1])
        .y.select(0, 1)
        .select(0, 1)
        .toArray()
        .every((v) => v === 0),
    ).toBe(true);
  });
});
