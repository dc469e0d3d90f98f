import { assertGradcheck, ShapeError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mlstmParallel } from '../../src/xlstm/mlstm-parallel';
import { mlstmRecurrent, mlstmStep } from '../../src/xlstm/mlstm-recurrent';
import { mlstmEmptyState, mlstmZeroState } from '../../src/xlstm/mlstm-state';
import { paperMlstm } from './paper-formulas';
import { allFinite, expectClose, mlstmInputs, randn } from './random-inputs';

describe('mlstmRecurrent', () => {
  it('equals the paper’s unstabilised recurrence (eps = 0): outputs, and C, n up to e^{−m}', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 2, 8, 3], 21);
    const { h, state } = mlstmRecurrent(q, k, v, i, f, { eps: 0 });
    const paper = paperMlstm(q, k, v, i, f);
    expectClose(h, paper.h, 1e-10, 1e-12);
    // The stored memory is the paper's scaled by e^{−m}.
    const m = state.m.toArray();
    const scaledC = paper.C.map((c, idx) => c * Math.exp(-m[Math.floor(idx / 9)]!));
    const scaledN = paper.n.map((n, idx) => n * Math.exp(-m[Math.floor(idx / 3)]!));
    expectClose(state.c, scaledC, 1e-10, 1e-14);
    expectClose(state.n, scaledN, 1e-10, 1e-14);
  });
  it('from the empty state equals the parallel form (the same stabiliser), for any shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (B, NH, S, DH, seed) => {
          const { q, k, v, i, f } = mlstmInputs([B, NH, S, DH], seed, { iStd: 3 });
          expectClose(mlstmRecurrent(q, k, v, i, f).h, mlstmParallel(q, k, v, i, f), 1e-10, 1e-13);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('the stabiliser is the running max of log gates: m_t = max(log f_t + m_{t−1}, ĩ_t)', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 1, 5, 2], 4);
    const { state } = mlstmRecurrent(q, k, v, i, f, { state: mlstmZeroState(1, 1, 2, 'float64') });
    let m = 0;
    for (let t = 0; t < 5; t++) m = Math.max(-Math.log1p(Math.exp(-f.get(0, 0, t))) + m, i.get(0, 0, t));
    expect(state.m.get(0, 0)).toBeCloseTo(m, 13);
  });
  it('zero and empty starts hold the same memory: identical outputs when eps = 0', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 6, 3], 8, { iStd: 4 });
    const fromZero = mlstmRecurrent(q, k, v, i, f, { eps: 0, state: mlstmZeroState(1, 2, 3, 'float64') });
    const fromEmpty = mlstmRecurrent(q, k, v, i, f, { eps: 0 });
    expectClose(fromZero.h, fromEmpty.h, 1e-11, 1e-13);
  });
  it('mlstmStep continues a sequence: two halves equal the whole', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 1, 7, 3], 12);
    const whole = mlstmRecurrent(q, k, v, i, f);
    const first = mlstmRecurrent(
      q.slice(2, 0, 3),
      k.slice(2, 0, 3),
      v.slice(2, 0, 3),
      i.slice(2, 0, 3),
      f.slice(2, 0, 3),
    );
    const [h3] = mlstmStep(
      q.select(2, 3),
      k.select(2, 3),
      v.select(2, 3),
      i.select(2, 3),
      f.select(2, 3),
      first.state,
    );
    expectClose(h3, whole.h.select(2, 3), 1e-14, 1e-15);
  });
  it('stays finite in float32 over 300 steps with gate pre-activations of ±50', () => {
    const x = mlstmInputs([1, 1, 300, 3], 13, { iStd: 25, fMean: 0, fStd: 25 });
    const r64 = mlstmRecurrent(x.q, x.k, x.v, x.i, x.f);
    const r32 = mlstmRecurrent(
      x.q.to('float32'),
      x.k.to('float32'),
      x.v.to('float32'),
      x.i.to('float32'),
      x.f.to('float32'),
    );
    for (const t of [r32.h, r32.state.c, r32.state.n, r32.state.m]) expect(allFinite(t)).toBe(true);
    expectClose(r32.h.to('float64'), r64.h, 1e-3, 1e-3);
  });
  it('backpropagates through time into the inputs and the initial state', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 1, 4, 2], 14);
    const s0 = { c: randn([1, 1, 2, 2], 15), n: randn([1, 1, 2], 16), m: randn([1, 1], 17) };
    assertGradcheck(
      (a, b, c, d, e, C, n, m) => {
        const r = mlstmRecurrent(a, b, c, d, e, { state: { c: C!, n: n!, m: m! } });
        return [r.h, r.state.c, r.state.n, r.state.m];
      },
      [q, k, v, i, f, s0.c, s0.n, s0.m],
    );
  });
  it('checks shapes and names the op', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 3, 2], 1);
    const s = mlstmEmptyState(1, 2, 2, 'float64');
    expect(() => mlstmStep(q.select(2, 0), k.select(2, 0), v.select(2, 0), i, f.select(2, 0), s)).toThrow(
      ShapeError,
    );
    expect(() =>
      mlstmStep(
        q.select(2, 0),
        k.select(2, 0),
        v.select(2, 0),
        i.select(2, 0),
        f.select(2, 0),
        mlstmEmptyState(1, 2, 3, 'float64'),
      ),
    ).toThrow(/mlstmStep: state.c must be \[1, 2, 2, 2\], got \[1, 2, 3, 3\]/);
    expect(() => mlstmStep(q, k, v, i, f, s)).toThrow(/mlstmStep: q must be \[B, NH, DH\]/);
  });
});
