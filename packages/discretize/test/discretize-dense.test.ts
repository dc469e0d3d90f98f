import { ShapeError, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discretizeArray } from '../src/discretize-dense';
import { expmArray } from '../src/expm';
import { solveArray } from '../src/lu';
import { eyeArray, mm, randomMatrix, relErr } from './support/reference';

describe('discretizeArray (dense)', () => {
  it('ZOH of a double integrator (singular A) is exact: Ā = [[1, Δ], [0, 1]], B̄ = [Δ²/2, Δ]', () => {
    const dt = 0.3;
    const { Ab, Bb } = discretizeArray(
      Float64Array.from([0, 1, 0, 0]),
      Float64Array.from([0, 1]),
      2,
      1,
      dt,
      'zoh',
    );
    expect(relErr(Ab, [1, dt, 0, 1])).toBeLessThan(1e-16);
    expect(relErr(Bb, [(dt * dt) / 2, dt])).toBeLessThan(1e-16);
  });

  it('ZOH of A = 0 is (I, ΔB), where an A⁻¹ formula would divide by zero', () => {
    const { Ab, Bb } = discretizeArray(
      new Float64Array(9),
      Float64Array.from([1, 2, 3, 4, 5, 6]),
      3,
      2,
      0.5,
      'zoh',
    );
    expect(Array.from(Ab)).toEqual(Array.from(eyeArray(3)));
    expect(relErr(Bb, [0.5, 1, 1.5, 2, 2.5, 3])).toBeLessThan(1e-16);
  });

  it('ZOH equals e^{ΔA} and A⁻¹(e^{ΔA} − I)B for invertible A', () => {
    const n = 5;
    const a = randomMatrix(n, n, 3);
    for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! - 2;
    const b = randomMatrix(n, 2, 4);
    const dt = 0.2;
    const { Ab, Bb } = discretizeArray(a, b, n, 2, dt, 'zoh');
    const e = expmArray(
      a.map((v) => v * dt),
      n,
    );
    expect(relErr(Ab, e)).toBeLessThan(1e-15);
    const rhs = mm(
      e.map((v, i) => v - (i % (n + 1) === 0 ? 1 : 0)),
      b,
      n,
      n,
      2,
    );
    expect(relErr(Bb, solveArray(a, rhs, n, 2))).toBeLessThan(1e-13);
  });

  it('ZOH composes over time: Ā(2Δ) = Ā(Δ)², B̄(2Δ) = Ā(Δ)B̄(Δ) + B̄(Δ) (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0.01, max: 2, noNaN: true }), (seed, dt) => {
        const n = 4;
        const a = randomMatrix(n, n, seed);
        const b = randomMatrix(n, 1, seed + 9);
        const one = discretizeArray(a, b, n, 1, dt, 'zoh');
        const two = discretizeArray(a, b, n, 1, 2 * dt, 'zoh');
        expect(relErr(two.Ab, mm(one.Ab, one.Ab, n, n, n))).toBeLessThan(1e-13);
        const ab = mm(one.Ab, one.Bb, n, n, 1).map((v, i) => v + one.Bb[i]!);
        expect(relErr(two.Bb, ab)).toBeLessThan(1e-13);
      }),
      { numRuns: 40 },
    );
  });

  it('forward Euler is I + ΔA, ΔB; backward Euler is its implicit twin', () => {
    const n = 3;
    const a = randomMatrix(n, n, 8);
    const b = randomMatrix(n, 1, 9);
    const dt = 0.1;
    const fe = discretizeArray(a, b, n, 1, dt, 'euler');
    expect(Array.from(fe.Ab)).toEqual(Array.from(eyeArray(n).map((v, i) => v + dt * a[i]!)));
    expect(Array.from(fe.Bb)).toEqual(Array.from(b.map((v) => v * dt)));
    const be = discretizeArray(a, b, n, 1, dt, 'backward_euler');
    // (I − ΔA) Ā = I and (I − ΔA) B̄ = ΔB
    const ima = eyeArray(n).map((v, i) => v - dt * a[i]!);
    expect(relErr(mm(ima, be.Ab, n, n, n), eyeArray(n))).toBeLessThan(1e-15);
    expect(
      relErr(
        mm(ima, be.Bb, n, n, 1),
        b.map((v) => v * dt),
      ),
    ).toBeLessThan(1e-15);
  });

  it('bilinear is gbt(½) and maps A ↦ −A to Ā ↦ Ā⁻¹ (property)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const n = 4;
        const a = randomMatrix(n, n, seed);
        const b = randomMatrix(n, 1, seed + 1);
        const bl = discretizeArray(a, b, n, 1, 0.1, 'bilinear');
        const g = discretizeArray(a, b, n, 1, 0.1, 'gbt', 0.5);
        expect(Array.from(bl.Ab)).toEqual(Array.from(g.Ab));
        const neg = discretizeArray(
          a.map((v) => -v),
          b,
          n,
          1,
          0.1,
          'bilinear',
        );
        expect(relErr(mm(bl.Ab, neg.Ab, n, n, n), eyeArray(n))).toBeLessThan(1e-14);
      }),
      { numRuns: 30 },
    );
  });

  it('approaches ZOH as Δ → 0 for every rule (first order for Euler, second for bilinear)', () => {
    const n = 3;
    const a = randomMatrix(n, n, 21);
    const b = randomMatrix(n, 1, 22);
    const err = (method: 'euler' | 'bilinear', dt: number) =>
      relErr(discretizeArray(a, b, n, 1, dt, method).Ab, discretizeArray(a, b, n, 1, dt, 'zoh').Ab);
    expect(err('euler', 1e-3) / err('euler', 5e-4)).toBeCloseTo(4, 0); // local error O(Δ²)
    expect(err('bilinear', 1e-2) / err('bilinear', 5e-3)).toBeCloseTo(8, 0); // local error O(Δ³)
  });

  it('refuses bad methods, steps and shapes with typed errors', () => {
    const a = new Float64Array(4);
    const b = new Float64Array(2);
    expect(() => discretizeArray(a, b, 2, 1, 0.1, 'gbt')).toThrow(/alpha in \[0, 1\]/);
    expect(() => discretizeArray(a, b, 2, 1, 0.1, 'nope' as 'zoh')).toThrow(ValueError);
    expect(() => discretizeArray(a, b, 2, 1, -1, 'zoh')).toThrow(/dt must be a positive finite number/);
    expect(() => discretizeArray(a, new Float64Array(3), 2, 1, 0.1, 'zoh')).toThrow(ShapeError);
    // I − ΔA singular for backward Euler at Δ = 1/λ
    expect(() => discretizeArray(Float64Array.from([1, 0, 0, 1]), b, 2, 1, 1, 'backward_euler')).toThrow(
      /singular/,
    );
  });
});
