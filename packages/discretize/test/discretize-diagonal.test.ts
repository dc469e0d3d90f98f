import { ShapeError, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discretizeArray } from '../src/discretize-dense';
import { discretizeComplexDiagArray, discretizeRealDiagArray } from '../src/discretize-diagonal';
import type { DiscretizeMethod } from '../src/method';
import { rng } from './support/reference';

const METHODS: [DiscretizeMethod, number | undefined][] = [
  ['zoh', undefined],
  ['bilinear', undefined],
  ['euler', undefined],
  ['backward_euler', undefined],
  ['gbt', 0.3],
];

describe('discretizeComplexDiagArray', () => {
  it('equals the dense rule on the real 2×2 form of each λ = a + ib (every method, property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 1e-3, max: 1, noNaN: true }), (seed, dt) => {
        const r = rng(seed);
        const n = 3;
        const lam = {
          re: Float64Array.from({ length: n }, () => -Math.abs(r()) - 0.1),
          im: Float64Array.from({ length: n }, () => 5 * r()),
        };
        const b = { re: Float64Array.from({ length: n }, r), im: Float64Array.from({ length: n }, r) };
        for (const [method, alpha] of METHODS) {
          const d = discretizeComplexDiagArray(lam, b, dt, method, alpha);
          for (let k = 0; k < n; k++) {
            // λ acts on (x, y) = (Re, Im) as [[a, −b], [b, a]].
            const A = Float64Array.from([lam.re[k]!, -lam.im[k]!, lam.im[k]!, lam.re[k]!]);
            const B = Float64Array.from([b.re[k]!, b.im[k]!]);
            const dense = discretizeArray(A, B, 2, 1, dt, method, alpha);
            expect(d.Ab.re[k]).toBeCloseTo(dense.Ab[0]!, 13);
            expect(d.Ab.im[k]).toBeCloseTo(dense.Ab[2]!, 13);
            expect(d.Bb.re[k]).toBeCloseTo(dense.Bb[0]!, 13);
            expect(d.Bb.im[k]).toBeCloseTo(dense.Bb[1]!, 13);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('keeps B̄ accurate for |Δλ| ≪ 1, where (e^z − 1)/λ would cancel', () => {
    const lam = { re: Float64Array.of(-0.5), im: Float64Array.of(3) };
    const dt = 1e-9;
    const { Bb } = discretizeComplexDiagArray(lam, { re: Float64Array.of(1), im: Float64Array.of(0) }, dt);
    // B̄ = Δ(1 + z/2 + z²/6 + …), z = Δλ
    const zr = dt * -0.5;
    const zi = dt * 3;
    const wantRe = dt * (1 + zr / 2 + (zr * zr - zi * zi) / 6);
    const wantIm = dt * (zi / 2 + (2 * zr * zi) / 6);
    // Normwise relative error at rounding level (the naive formula loses ~9 digits here).
    expect(Math.hypot(Bb.re[0]! - wantRe, Bb.im[0]! - wantIm) / Math.hypot(wantRe, wantIm)).toBeLessThan(
      1e-15,
    );
    const naiveRe = ((Math.exp(zr) * Math.cos(zi) - 1) * -0.5 + Math.exp(zr) * Math.sin(zi) * 3) / (0.25 + 9);
    expect(Math.abs(naiveRe / wantRe - 1)).toBeGreaterThan(1e-10);
  });

  it('handles λ = 0 under ZOH (B̄ = ΔB) and B with several columns', () => {
    const lam = { re: Float64Array.of(0, -1), im: Float64Array.of(0, 2) };
    const b = { re: Float64Array.of(1, 2, 3, 4), im: Float64Array.of(0, 0, 1, 0) };
    const { Bb } = discretizeComplexDiagArray(lam, b, 0.25);
    expect(Array.from(Bb.re.subarray(0, 2))).toEqual([0.25, 0.5]);
    expect(Array.from(Bb.im.subarray(0, 2))).toEqual([0, 0]);
  });

  it('refuses mismatched shapes and a singular implicit rule', () => {
    const lam = { re: Float64Array.of(1, 2), im: Float64Array.of(0, 0) };
    expect(() =>
      discretizeComplexDiagArray(lam, { re: Float64Array.of(1, 2, 3), im: Float64Array.of(0, 0, 0) }, 0.1),
    ).toThrow(ShapeError);
    expect(() =>
      discretizeComplexDiagArray(lam, { re: Float64Array.of(1, 2), im: Float64Array.of(0) }, 0.1),
    ).toThrow(ShapeError);
    expect(() =>
      discretizeComplexDiagArray(
        lam,
        { re: Float64Array.of(1, 2), im: Float64Array.of(0, 0) },
        1,
        'backward_euler',
      ),
    ).toThrow(ValueError);
  });
});

describe('discretizeRealDiagArray', () => {
  it('equals the dense rule on diag(λ) (every method)', () => {
    const lam = Float64Array.of(-3, -0.5, 0.2, 0);
    const b = Float64Array.of(1, -2, 0.5, 3);
    const A = new Float64Array(16);
    for (let k = 0; k < 4; k++) A[k * 5] = lam[k]!;
    for (const [method, alpha] of METHODS) {
      const d = discretizeRealDiagArray(lam, b, 0.1, method, alpha);
      const dense = discretizeArray(A, b, 4, 1, 0.1, method, alpha);
      for (let k = 0; k < 4; k++) {
        expect(d.Ab[k]).toBeCloseTo(dense.Ab[k * 5]!, 14);
        expect(d.Bb[k]).toBeCloseTo(dense.Bb[k]!, 14);
      }
    }
  });
});
