import { ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { skewSymmetricEigen } from '../src/skew-eigen';
import { rng } from './support/reference';

describe('skewSymmetricEigen', () => {
  it('returns S V = V diag(iω) with V unitary, for random skew-symmetric S (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer(), (n, seed) => {
        const r = rng(seed);
        const S = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < i; j++) {
            S[i * n + j] = 2 * r();
            S[j * n + i] = -S[i * n + j]!;
          }
        }
        const { omega, vre, vim } = skewSymmetricEigen(S, n);
        let residual = 0;
        let orth = 0;
        for (let j = 0; j < n; j++) {
          for (let i = 0; i < n; i++) {
            let sr = 0;
            let si = 0;
            for (let k = 0; k < n; k++) {
              sr += S[i * n + k]! * vre[k * n + j]!;
              si += S[i * n + k]! * vim[k * n + j]!;
            }
            // (SV)_ij = iω_j V_ij
            residual = Math.max(
              residual,
              Math.abs(sr + omega[j]! * vim[i * n + j]!),
              Math.abs(si - omega[j]! * vre[i * n + j]!),
            );
          }
          for (let k = 0; k < n; k++) {
            // (VᴴV)_jk
            let dr = 0;
            let di = 0;
            for (let i = 0; i < n; i++) {
              dr += vre[i * n + j]! * vre[i * n + k]! + vim[i * n + j]! * vim[i * n + k]!;
              di += vre[i * n + j]! * vim[i * n + k]! - vim[i * n + j]! * vre[i * n + k]!;
            }
            orth = Math.max(orth, Math.abs(dr - (j === k ? 1 : 0)), Math.abs(di));
          }
        }
        expect(residual).toBeLessThan(1e-12 * n);
        expect(orth).toBeLessThan(1e-12);
        // Eigenvalues come in ± pairs (and a zero for odd n).
        const sorted = Array.from(omega).sort((a, b) => a - b);
        sorted.forEach((w, i) => expect(w).toBeCloseTo(-sorted[n - 1 - i]!, 10));
      }),
      { numRuns: 40 },
    );
  });

  it('knows the rotation generator: eig [[0, −1], [1, 0]] = ±i', () => {
    const { omega } = skewSymmetricEigen(Float64Array.of(0, -1, 1, 0), 2);
    const sorted = Array.from(omega).sort((a, b) => a - b);
    expect(sorted[0]).toBeCloseTo(-1, 15);
    expect(sorted[1]).toBeCloseTo(1, 15);
  });

  it('refuses a matrix that is not skew-symmetric', () => {
    expect(() => skewSymmetricEigen(Float64Array.of(1, 0, 0, 1), 2)).toThrow(ValueError);
  });
});
