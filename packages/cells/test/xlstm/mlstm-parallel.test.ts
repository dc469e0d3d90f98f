import { assertGradcheck, DTypeError, ShapeError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mlstmParallel } from '../../src/xlstm/mlstm-parallel';
import { paperMlstm } from './paper-formulas';
import { allFinite, expectClose, mlstmInputs, randn } from './random-inputs';

describe('mlstmParallel', () => {
  it('equals the paper’s unstabilised recurrence (eps = 0), sigmoid forget gate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(1000),
        (B, NH, S, DH, seed) => {
          const { q, k, v, i, f } = mlstmInputs([B, NH, S, DH], seed);
          const h = mlstmParallel(q, k, v, i, f, { eps: 0 });
          expect(h.shape).toEqual([B, NH, S, DH]);
          expectClose(h, paperMlstm(q, k, v, i, f).h, 1e-10, 1e-12);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('equals the paper’s recurrence with the exponential forget gate', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 2, 7, 3], 11, { fMean: -0.5, fStd: 0.5 });
    expectClose(
      mlstmParallel(q, k, v, i, f, { eps: 0, forgetGate: 'exp' }),
      paperMlstm(q, k, v, i, f, 'exp').h,
      1e-10,
      1e-12,
    );
  });
  it('eps only nudges the normaliser', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 6, 4], 3);
    const a = mlstmParallel(q, k, v, i, f);
    const b = mlstmParallel(q, k, v, i, f, { eps: 0 });
    expectClose(a, b, 1e-4, 1e-5);
    expect(Array.from(a.toArray())).not.toEqual(Array.from(b.toArray()));
  });
  it('is causal: a later input never changes an earlier output', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 1, 6, 2], 5);
    const h1 = mlstmParallel(q, k, v, i, f).toArray();
    const v2 = v.clone();
    v2.data[4 * 2] = 50;
    const i2 = i.clone();
    i2.data[4] = 20;
    const h2 = mlstmParallel(q, k, v2, i2, f).toArray();
    expect(Array.from(h2.slice(0, 8))).toEqual(Array.from(h1.slice(0, 8)));
    expect(h2[8]).not.toBe(h1[8]);
  });
  it('stays finite and accurate in float32 for S = 300 with gate pre-activations of ±50', () => {
    const shape: [number, number, number, number] = [1, 2, 300, 4];
    const x = mlstmInputs(shape, 7, { iStd: 25, fMean: 0, fStd: 25 });
    const h64 = mlstmParallel(x.q, x.k, x.v, x.i, x.f);
    const x32 = Object.fromEntries(Object.entries(x).map(([n, t]) => [n, t.to('float32')])) as typeof x;
    const h32 = mlstmParallel(x32.q, x32.k, x32.v, x32.i, x32.f);
    expect(Math.max(...x.i.toArray().map(Math.abs))).toBeGreaterThan(50); // exp(ĩ) overflows float32 beyond 88
    expect(allFinite(h64)).toBe(true);
    expect(allFinite(h32)).toBe(true);
    expectClose(h32.to('float64'), h64, 1e-3, 1e-3);
  });
  it('gradients in q, k, v and both gates', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 4, 3], 9);
    assertGradcheck((a, b, c, d, e) => mlstmParallel(a, b, c, d, e), [q, k, v, i, f]);
  });
  it('refuses mismatched shapes and dtypes, naming the op', () => {
    const { q, k, v, i, f } = mlstmInputs([1, 2, 4, 3], 1);
    expect(() => mlstmParallel(q, k.slice(3, 0, 2), v, i, f)).toThrow(ShapeError);
    expect(() => mlstmParallel(q, k, v, i.unsqueeze(-1), f)).toThrow(
      /mlstmParallel: iPreact must be \[1, 2, 4\], got \[1, 2, 4, 1\]/,
    );
    expect(() => mlstmParallel(q.reshape(2, 4, 3), k, v, i, f)).toThrow(/q must be \[B, NH, S, DH\]/);
    expect(() => mlstmParallel(q, k, v.to('float32'), i, f)).toThrow(DTypeError);
    expect(() =>
      mlstmParallel(
        randn([1, 1, 0, 2], 1),
        randn([1, 1, 0, 2], 1),
        randn([1, 1, 0, 2], 1),
        randn([1, 1, 0], 1),
        randn([1, 1, 0], 1),
      ),
    ).toThrow(/S = 0/);
  });
});
