import { assertGradcheck, type Tensor, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mlstmChunkwise } from '../../src/xlstm/mlstm-chunkwise';
import { mlstmParallel } from '../../src/xlstm/mlstm-parallel';
import { mlstmRecurrent } from '../../src/xlstm/mlstm-recurrent';
import { type MlstmState, mlstmZeroState } from '../../src/xlstm/mlstm-state';
import { allFinite, expectClose, mlstmInputs, randn } from './random-inputs';

function expectSameState(a: MlstmState, b: MlstmState, rtol = 1e-10, atol = 1e-12) {
  expectClose(a.c, b.c, rtol, atol);
  expectClose(a.n, b.n, rtol, atol);
  expectClose(a.m, b.m, rtol, atol);
}

/** A state a real history would leave: the recurrence run over some random steps. */
function historyState(B: number, NH: number, DH: number, seed: number): MlstmState {
  const { q, k, v, i, f } = mlstmInputs([B, NH, 5, DH], seed, { iStd: 3 });
  return mlstmRecurrent(q, k, v, i, f).state;
}

describe('mlstmChunkwise', () => {
  it('equals the recurrent form (outputs and final state) for chunk sizes that do and do not divide S', () => {
    const S = 12;
    const { q, k, v, i, f } = mlstmInputs([2, 2, S, 3], 31, { iStd: 3 });
    const rec = mlstmRecurrent(q, k, v, i, f);
    for (const chunkSize of [1, 2, 3, 4, 5, 7, 12, 20]) {
      const ch = mlstmChunkwise(q, k, v, i, f, { chunkSize });
      expectClose(ch.h, rec.h, 1e-10, 1e-12);
      expectSameState(ch.state, rec.state);
    }
  });
  it('equals the parallel form from the empty state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (S, chunkSize, DH, seed) => {
          const { q, k, v, i, f } = mlstmInputs([1, 2, S, DH], seed, { iStd: 3 });
          expectClose(
            mlstmChunkwise(q, k, v, i, f, { chunkSize }).h,
            mlstmParallel(q, k, v, i, f),
            1e-10,
            1e-12,
          );
        },
      ),
      { numRuns: 30 },
    );
  });
  it('continues from any state exactly as the recurrence does (zero state and a real history)', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 2, 9, 3], 32);
    for (const state of [mlstmZeroState(2, 2, 3, 'float64'), historyState(2, 2, 3, 33)]) {
      const rec = mlstmRecurrent(q, k, v, i, f, { state });
      for (const chunkSize of [2, 4, 9]) {
        const ch = mlstmChunkwise(q, k, v, i, f, { state, chunkSize });
        expectClose(ch.h, rec.h, 1e-10, 1e-12);
        expectSameState(ch.state, rec.state);
      }
    }
  });
  it('with the exponential forget gate too', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 10, 2], 34, { fMean: -0.3 });
    const rec = mlstmRecurrent(q, k, v, i, f, { forgetGate: 'exp' });
    const ch = mlstmChunkwise(q, k, v, i, f, { forgetGate: 'exp', chunkSize: 3 });
    expectClose(ch.h, rec.h, 1e-10, 1e-12);
    expectSameState(ch.state, rec.state);
    expectClose(ch.h, mlstmParallel(q, k, v, i, f, { forgetGate: 'exp' }), 1e-10, 1e-12);
  });
  it('stays finite and matches float64 in float32 for S = 300, gate pre-activations of ±50', () => {
    const x = mlstmInputs([1, 2, 300, 4], 35, { iStd: 25, fMean: 0, fStd: 25 });
    const r64 = mlstmChunkwise(x.q, x.k, x.v, x.i, x.f, { chunkSize: 32 });
    const r32 = mlstmChunkwise(
      x.q.to('float32'),
      x.k.to('float32'),
      x.v.to('float32'),
      x.i.to('float32'),
      x.f.to('float32'),
      {
        chunkSize: 32,
      },
    );
    for (const t of [r32.h, r32.state.c, r32.state.n, r32.state.m]) expect(allFinite(t)).toBe(true);
    expectClose(r32.h.to('float64'), r64.h, 1e-3, 1e-3);
    expectClose(r64.h, mlstmRecurrent(x.q, x.k, x.v, x.i, x.f).h, 1e-8, 1e-10);
  });
  it('gradients in all inputs and the initial state, across a chunk boundary', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 1, 5, 2], 36);
    const s0 = historyState(1, 1, 2, 37);
    assertGradcheck(
      (a, b, c, d, e, C, n, m) => {
        const r = mlstmChunkwise(a, b, c, d, e, { chunkSize: 2, state: { c: C!, n: n!, m: m! } });
        return [r.h, r.state.c, r.state.n, r.state.m];
      },
      [q, k, v, i, f, s0.c, s0.n, s0.m],
    );
  });
  it('from the empty state, backpropagates the same gradients as the parallel form (no NaN from m = −∞)', () => {
    const x = mlstmInputs([1, 2, 7, 3], 38, { iStd: 3 });
    const g = randn([1, 2, 7, 3], 39);
    const grads = (run: (q: Tensor, k: Tensor, v: Tensor, i: Tensor, f: Tensor) => Tensor) => {
      const leaves = [x.q, x.k, x.v, x.i, x.f].map((t) => t.clone().detach().requiresGrad_());
      run(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!, leaves[4]!).mul(g).sum().backward();
      return leaves.map((t) => t.grad!);
    };
    const par = grads((q, k, v, i, f) => mlstmParallel(q, k, v, i, f));
    const rec = grads((q, k, v, i, f) => mlstmRecurrent(q, k, v, i, f).h);
    const ch = grads((q, k, v, i, f) => mlstmChunkwise(q, k, v, i, f, { chunkSize: 3 }).h);
    par.forEach((p, n) => {
      expect(allFinite(p)).toBe(true);
      expectClose(rec[n]!, p, 1e-9, 1e-11);
      expectClose(ch[n]!, p, 1e-9, 1e-11);
    });
  });
  it('refuses a bad chunk size', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 1, 3, 2], 1);
    expect(() => mlstmChunkwise(q, k, v, i, f, { chunkSize: 0 })).toThrow(ValueError);
    expect(() => mlstmChunkwise(q, k, v, i, f, { chunkSize: 1.5 })).toThrow(
      /mlstmChunkwise: chunkSize must be a positive integer, got 1.5/,
    );
    expect(() =>
      mlstmChunkwise(q, k, v, i, f, {
        state: { c: randn([1, 1, 2, 2], 1), n: randn([1, 2], 1), m: randn([1, 1], 1) },
      }),
    ).toThrow(/state.n must be \[1, 1, 2\]/);
  });
});
