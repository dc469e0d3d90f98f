import { StateDictError } from '@seqmod/nn';
import {
  assertGradcheck,
  DTypeError,
  flip,
  fromArray,
  Generator,
  mul,
  noGrad,
  ShapeError,
  stack,
  sum,
  type Tensor,
  ValueError,
  where,
} from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellKind, hasCellState, type RecurrentState } from '../src/index';
import { expectAllClose } from './close';
import { makeLayer } from './layer-factory';
import { ALL_KINDS, randn, randomLengths } from './random-tensors';
import { referenceLayer } from './reference-recurrence';

function randomState(
  kind: CellKind,
  rows: number,
  B: number,
  H: number,
  seed: number,
  grad = false,
): RecurrentState {
  const h = randn([rows, B, H], seed, { grad });
  return hasCellState(kind) ? { h, c: randn([rows, B, H], seed + 1, { grad }) } : { h };
}

function pairing(ts: (Tensor | null | undefined)[], seed: number): Tensor {
  let total: Tensor | null = null;
  ts.forEach((t, k) => {
    if (!t) return;
    const term = sum(mul(t, randn([...t.shape], seed + 31 * k)));
    total = total ? total.add(term) : term;
  });
  return total!;
}

describe.each(ALL_KINDS)('RecurrentLayer (%s)', (kind) => {
  it('names and shapes its parameters as torch.nn (weight_ih_l0, ..., bias_hh_l1_reverse)', () => {
    const G = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
    const layer = makeLayer(kind, 5, 3, { numLayers: 2, bidirectional: true });
    const sd = layer.stateDict();
    const expected: [string, number[]][] = [];
    for (const k of [0, 1]) {
      for (const sfx of ['', '_reverse']) {
        const inK = k === 0 ? 5 : 6;
        expected.push([`weight_ih_l${k}${sfx}`, [G * 3, inK]], [`weight_hh_l${k}${sfx}`, [G * 3, 3]]);
        expected.push([`bias_ih_l${k}${sfx}`, [G * 3]], [`bias_hh_l${k}${sfx}`, [G * 3]]);
      }
    }
    expect(Object.entries(sd).map(([n, t]) => [n, [...t.shape]])).toEqual(expected);
    const noBias = makeLayer(kind, 5, 3, { bias: false });
    expect(Object.keys(noBias.stateDict())).toEqual(['weight_ih_l0', 'weight_hh_l0']);
  });

  it('initialises every weight from U(−1/√H, 1/√H), as torch', () => {
    const H = 16;
    const layer = makeLayer(kind, 8, H, { numLayers: 2 });
    const bound = 1 / Math.sqrt(H);
    for (const [, p] of layer.namedParameters()) {
      const v = [...p.toArray()];
      expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
      if (v.length >= 64) expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.8 * bound);
    }
  });

  it('equals the step-by-step oracle, values and gradients (2 layers, bidirectional, padded batch)', () => {
    const layer = makeLayer(kind, 3, 4, { numLayers: 2, bidirectional: true });
    const x = randn([3, 5, 3], 1, { grad: true });
    const state = randomState(kind, 4, 3, 4, 2, true);
    const lengths = [5, 2, 4];
    const [y, final] = layer.forward(x, state, { lengths });
    const want = referenceLayer(layer, x, state, lengths);
    expectAllClose(y, want.y);
    expectAllClose(final.h, want.h);
    if (want.c) expectAllClose(final.c!, want.c);
    const leaves = [x, state.h, state.c, ...layer.parameters()].filter((t): t is Tensor => !!t);
    pairing([y, final.h, final.c], 9).backward();
    const mine = leaves.map((t) => t.grad!);
    for (const t of leaves) t.zeroGrad();
    pairing([want.y, want.h, want.c], 9).backward();
    leaves.forEach((t, i) => expectAllClose(mine[i]!, t.grad!, 1e-9, 1e-11));
  });

  it('gives step() over a sequence the same outputs and final state as forward() (2 layers)', () => {
    const layer = makeLayer(kind, 3, 5, { numLayers: 2 });
    const x = randn([2, 6, 3], 3);
    const state = randomState(kind, 2, 2, 5, 4);
    const [y, final] = layer.forward(x, state);
    let st = state;
    const ys: Tensor[] = [];
    for (let t = 0; t < 6; t++) {
      const [yt, next] = layer.step(x.select(1, t), st);
      ys.push(yt);
      st = next;
    }
    expectAllClose(stack(ys, 1), y, 1e-13, 1e-14);
    expectAllClose(st.h, final.h, 1e-13, 1e-14);
    if (final.c) expectAllClose(st.c!, final.c, 1e-13, 1e-14);
  });

  it('runs its reverse direction on the time-reversed sequence', () => {
    const layer = makeLayer(kind, 2, 3, { bidirectional: true });
    const x = randn([2, 5, 2], 5);
    const [y] = noGrad(() => layer.forward(x));
    const fwdOnly = makeLayer(kind, 2, 3);
    const w = layer.weights(0, 1);
    fwdOnly.loadStateDict({
      weight_ih_l0: w.weightIh,
      weight_hh_l0: w.weightHh,
      bias_ih_l0: w.biasIh!,
      bias_hh_l0: w.biasHh!,
    });
    const [yr] = noGrad(() => fwdOnly.forward(flip(x, 1)));
    expectAllClose(y.slice(2, 3, 6), flip(yr, 1), 1e-13, 1e-14);
  });

  it('ignores padding: outputs and final states do not depend on what lies past each length', () => {
    const layer = makeLayer(kind, 2, 3, { numLayers: 2, bidirectional: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 1e6 }),
        (B, L, seed) => {
          const lengths = randomLengths(B, L, seed, true);
          const x = randn([B, L, 2], seed + 1);
          const junk = randn([B, L, 2], seed + 2, { std: 10 });
          // Same valid steps, different padding: x2 = x where t < length, junk elsewhere.
          const valid = Array.from({ length: B * L }, (_, i) =>
            i % L < lengths[Math.floor(i / L)]! ? 1 : 0,
          );
          const mask = fromArray(valid, [B, L, 1], { dtype: 'float64' });
          const x2 = where(mask, x, junk);
          const [y1, s1] = noGrad(() => layer.forward(x, undefined, { lengths }));
          const [y2, s2] = noGrad(() => layer.forward(x2, undefined, { lengths }));
          expectAllClose(y1, y2, 0, 0);
          expectAllClose(s1.h, s2.h, 0, 0);
          // Padded steps are zero, and each sequence alone (unpadded) gives its own row.
          const yv = y1.toArray();
          for (let b = 0; b < B; b++) {
            for (let t = lengths[b]!; t < L; t++)
              for (let j = 0; j < 6; j++) expect(yv[(b * L + t) * 6 + j]).toBe(0);
            if (lengths[b] === 0) continue;
            const [alone, sa] = noGrad(() => layer.forward(x.slice(0, b, b + 1).slice(1, 0, lengths[b]!)));
            expectAllClose(alone, y1.slice(0, b, b + 1).slice(1, 0, lengths[b]!), 1e-12, 1e-14);
            expectAllClose(sa.h, s1.h.slice(1, b, b + 1), 1e-12, 1e-14);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('passes gradcheck in x and the initial state (2 layers, bidirectional, padded batch)', () => {
    const layer = makeLayer(kind, 2, 2, { numLayers: 2, bidirectional: true });
    const cell = hasCellState(kind);
    const inputs = [randn([2, 3, 2], 1), randn([4, 2, 2], 2), ...(cell ? [randn([4, 2, 2], 3)] : [])];
    assertGradcheck((x, h, c) => {
      const [y, s] = layer.forward(x!, (c ? { h: h!, c } : { h: h! }) as RecurrentState, { lengths: [3, 1] });
      return s.c ? [y, s.h, s.c] : [y, s.h];
    }, inputs);
  });

  it('applies dropout between layers only, in train mode, reproducibly from its generator', () => {
    const make = (p: number, seed: number, numLayers = 2) =>
      makeLayer(kind, 3, 8, {
        numLayers,
        dropout: p,
        dropoutRng: new Generator(seed),
        rng: new Generator('w'),
      });
    const x = randn([2, 4, 3], 1);
    const out = (m: ReturnType<typeof make>) => noGrad(() => m.forward(x)[0]);
    expectAllClose(out(make(0.5, 1)), out(make(0.5, 1)), 0, 0);
    expect(out(make(0.5, 1)).toArray()).not.toEqual(out(make(0.5, 2)).toArray());
    expect(out(make(0.5, 1)).toArray()).not.toEqual(out(make(0, 1)).toArray());
    expectAllClose(out(make(0.5, 1).eval()), out(make(0, 1)), 0, 0);
    // One layer: nothing lies between layers, so dropout has no effect (as torch).
    expectAllClose(out(make(0.5, 1, 1)), out(make(0, 1, 1)), 0, 0);
  });

  it('loads its own state dict back (torch names) and refuses misfitting ones', () => {
    const a = makeLayer(kind, 3, 4, { numLayers: 2 });
    const b = makeLayer(kind, 3, 4, { numLayers: 2, rng: new Generator('another init') });
    const x = randn([2, 3, 3], 1);
    expect(noGrad(() => b.forward(x)[0]).toArray()).not.toEqual(noGrad(() => a.forward(x)[0]).toArray());
    b.loadStateDict(a.stateDict());
    expectAllClose(
      noGrad(() => b.forward(x)[0]),
      noGrad(() => a.forward(x)[0]),
      0,
      0,
    );
    const sd = a.stateDict();
    expect(() => makeLayer(kind, 3, 5, { numLayers: 2 }).loadStateDict(sd)).toThrow(StateDictError);
    expect(() => makeLayer(kind, 3, 4).loadStateDict(sd)).toThrow(/unexpected keys: weight_ih_l1/);
  });

  it('computes in float32 by default and in float64 after .to()', () => {
    const layer = makeLayer(kind, 2, 3, { dtype: 'float32' });
    const x64 = randn([1, 4, 2], 1);
    const [y32] = noGrad(() => layer.forward(x64.to('float32')));
    expect(y32.dtype).toBe('float32');
    layer.to('float64');
    const [y64] = noGrad(() => layer.forward(x64));
    expect(y64.dtype).toBe('float64');
    expectAllClose(y32, y64.to('float32'), 1e-5, 1e-6);
  });

  it('refuses bad input with typed errors naming the layer', () => {
    const name = kind === 'lstm' ? 'LSTM' : kind === 'gru' ? 'GRU' : 'RNN';
    const layer = makeLayer(kind, 3, 4, { bidirectional: true });
    expect(() => layer.forward(randn([2, 5], 1))).toThrow(
      new RegExp(`^${name}: input must be \\[B, L, 3\\], got \\[2, 5\\]`),
    );
    expect(() => layer.forward(randn([2, 5, 4], 1))).toThrow(ShapeError);
    expect(() => layer.forward(randn([2, 5, 3], 1, { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => layer.forward(randn([2, 5, 3], 1), randomState(kind, 1, 2, 4, 1))).toThrow(
      /state h must have shape \[2, 2, 4\]/,
    );
    expect(() => layer.forward(randn([2, 5, 3], 1), undefined, { lengths: [5, 6] })).toThrow(ValueError);
    expect(() => layer.forward(randn([2, 5, 3], 1), undefined, { lengths: [5] })).toThrow(ShapeError);
    expect(() => layer.step(randn([2, 3], 1))).toThrow(/no step mode/);
    expect(() => makeLayer(kind, 0, 4)).toThrow(ValueError);
    expect(() => makeLayer(kind, 3, 4, { dropout: 1.5 })).toThrow(ValueError);
  });

  it('concatenates both directions along features and returns [numLayers·D, B, H] states', () => {
    const layer = makeLayer(kind, 3, 4, { numLayers: 3, bidirectional: true });
    const [y, s] = noGrad(() => layer.forward(randn([2, 5, 3], 1)));
    expect(y.shape).toEqual([2, 5, 8]);
    expect(s.h.shape).toEqual([6, 2, 4]);
    // The forward half of the last layer's output at the last step is that direction's final h.
    expectAllClose(y.select(1, 4).slice(1, 0, 4), s.h.select(0, 4), 0, 0);
    expectAllClose(y.select(1, 0).slice(1, 4, 8), s.h.select(0, 5), 0, 0);
  });
});
