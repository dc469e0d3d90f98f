import { ShapeError, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expmArray, pickPadeStructure } from '../src/expm';
import { eyeArray, mm, randomMatrix, relErr, taylorExpm } from './support/reference';

describe('expmArray', () => {
  it('is the identity at 0 and entrywise exp on a diagonal', () => {
    expect(Array.from(expmArray(new Float64Array(9), 3))).toEqual(Array.from(eyeArray(3)));
    const d = Float64Array.from([1, 0, 0, 0, -2, 0, 0, 0, 0.5]);
    const e = expmArray(d, 3);
    expect(e[0]).toBeCloseTo(Math.E, 15);
    expect(e[4]).toBeCloseTo(Math.exp(-2), 15);
    expect(e[8]).toBeCloseTo(Math.exp(0.5), 15);
    expect(e[1]).toBe(0);
  });

  it('rotates: e^{θJ} = [[cos θ, −sin θ], [sin θ, cos θ]] (2×2 closed form, complex μ)', () => {
    const t = 2.3;
    const e = expmArray(Float64Array.from([0, -t, t, 0]), 2);
    expect(relErr(e, [Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)])).toBeLessThan(1e-15);
  });

  it('matches SciPy on a 2×2 with real eigenvalues (closed form, real μ)', () => {
    // scipy.linalg.expm([[1, 2], [3, 4]])
    const want = [51.968956198707545, 74.73656456700692, 112.10484685051041, 164.073803049218];
    expect(relErr(expmArray(Float64Array.of(1, 2, 3, 4), 2), want)).toBeLessThan(1e-13);
  });

  it('is exact on a nilpotent 3×3: e^N = I + N + N²/2', () => {
    const N = Float64Array.from([0, 2, -1, 0, 0, 3, 0, 0, 0]);
    const N2 = mm(N, N, 3, 3, 3);
    const want = eyeArray(3).map((v, i) => v + N[i]! + N2[i]! / 2);
    expect(relErr(expmArray(N, 3), want)).toBeLessThan(1e-15);
  });

  it('picks every Padé degree by size, as SciPy', () => {
    const base = randomMatrix(5, 5, 7);
    const degrees = [1e-3, 0.05, 0.3, 0.7, 5].map((scale) =>
      pickPadeStructure(
        base.map((v) => v * scale),
        5,
      ),
    );
    expect(degrees.map((d) => d.m)).toEqual([3, 5, 7, 9, 13]);
    expect(degrees[4]!.s).toBeGreaterThan(0);
  });

  it('agrees with an independent Taylor series at every degree and with squaring', () => {
    for (const [seed, scale] of [
      [1, 1e-3],
      [2, 0.05],
      [3, 0.3],
      [4, 0.7],
      [5, 3],
      [6, 20],
    ] as const) {
      const a = randomMatrix(6, 6, seed, scale);
      expect(relErr(expmArray(a, 6), taylorExpm(a, 6))).toBeLessThan(1e-13);
    }
  });

  it('satisfies e^A e^{−A} = I and det e^A = e^{tr A} (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0.01, max: 8, noNaN: true }),
        (seed, scale) => {
          const a = randomMatrix(3, 3, seed, scale);
          const e = expmArray(a, 3);
          const einv = expmArray(
            a.map((v) => -v),
            3,
          );
          expect(relErr(mm(e, einv, 3, 3, 3), eyeArray(3))).toBeLessThan(1e-11 * Math.exp(2 * 3 * scale));
          const det =
            e[0]! * (e[4]! * e[8]! - e[5]! * e[7]!) -
            e[1]! * (e[3]! * e[8]! - e[5]! * e[6]!) +
            e[2]! * (e[3]! * e[7]! - e[4]! * e[6]!);
          const tr = a[0]! + a[4]! + a[8]!;
          expect(Math.abs(det / Math.exp(tr) - 1)).toBeLessThan(1e-10 * Math.exp(2 * 3 * scale));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps triangular results triangular and their diagonal exact under squaring', () => {
    // A stiff lower-triangular matrix (HiPPO-LegS-like) with a large norm forces squarings.
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) a[i * n + j] = -Math.sqrt((2 * i + 1) * (2 * j + 1));
      a[i * n + i] = -(i + 1);
    }
    const big = a.map((v) => v * 3);
    const e = expmArray(big, n);
    for (let i = 0; i < n; i++) {
      expect(e[i * n + i]).toBe(Math.exp(-3 * (i + 1)));
      for (let j = i + 1; j < n; j++) expect(e[i * n + j]).toBe(0);
    }
    expect(relErr(e, taylorExpm(big, n))).toBeLessThan(1e-13);
  });

  it('rounds float32 inputs to float32 outputs close to the float64 result', () => {
    const a = randomMatrix(4, 4, 11, 2);
    const e32 = expmArray(Float32Array.from(a), 4);
    expect(e32).toBeInstanceOf(Float32Array);
    expect(relErr(e32, expmArray(a, 4))).toBeLessThan(1e-5);
  });

  it('refuses non-square shapes and non-finite entries', () => {
    expect(() => expmArray(new Float64Array(5), 2)).toThrow(ShapeError);
    expect(() => expmArray(Float64Array.from([1, Number.NaN, 0, 1]), 2)).toThrow(ValueError);
    expect(() => expmArray(Float64Array.from([Number.POSITIVE_INFINITY]), 1)).toThrow(
      /expm: A has a non-finite entry/,
    );
  });
});
