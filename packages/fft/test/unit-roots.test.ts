import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unitRoot, unitRootTable } from '../src/unit-roots';

/**
 * cos and sin of 2πk/N to within about 5e-16: Math.cos(2π·r) directly is off by up to ~8e-16
 * near r = 1 (the rounding of 2π·r), too close to the 1e-15 bound, so the reference turns to
 * the nearest quarter turn first (exact rotations) and takes cos/sin of an angle |θ| ≤ π/4.
 */
function accurateRoot(k: number, N: number): [number, number] {
  const r = (((k % N) + N) % N) / N; // [0, 1), rounded once
  const q = Math.round(4 * r);
  const t = 2 * Math.PI * (r - q / 4); // r - q/4 is exact (Sterbenz)
  const c = Math.cos(t);
  const s = Math.sin(t);
  switch (q % 4) {
    case 0:
      return [c, s];
    case 1:
      return [-s, c];
    case 2:
      return [-c, -s];
    default:
      return [s, -c];
  }
}

describe('unitRoot', () => {
  it('is exact at quarter turns', () => {
    const w = new Float64Array(2);
    for (const [k, N, re, im] of [
      [0, 8, 1, 0],
      [2, 8, 0, 1],
      [4, 8, -1, 0],
      [6, 8, 0, -1],
      [3, 12, 0, 1],
      [-3, 12, 0, -1],
    ]) {
      unitRoot(k, N, w);
      expect([w[0] + 0, w[1] + 0]).toEqual([re, im]); // + 0: -0 and 0 are the same root
    }
  });

  it('matches cos/sin of 2πk/N to about 1 ulp for any k, N', () => {
    const w = new Float64Array(2);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 20 }),
        fc.integer({ min: -(1 << 22), max: 1 << 22 }),
        (N, k) => {
          unitRoot(k, N, w);
          const [c, s] = accurateRoot(k, N);
          expect(Math.abs(w[0] - c)).toBeLessThan(1e-15);
          expect(Math.abs(w[1] - s)).toBeLessThan(1e-15);
          expect(Math.abs(w[0] * w[0] + w[1] * w[1] - 1)).toBeLessThan(4e-16);
        },
      ),
    );
  });
});

describe('unitRootTable', () => {
  it('holds ω^k with exact conjugate symmetry', () => {
    for (const N of [1, 2, 3, 7, 16, 100]) {
      const { cos, sin } = unitRootTable(N);
      expect(cos.length).toBe(N);
      for (let k = 0; k < N; k++) {
        expect(Math.abs(cos[k] - Math.cos((2 * Math.PI * k) / N))).toBeLessThan(1e-15);
        expect(Math.abs(sin[k] - Math.sin((2 * Math.PI * k) / N))).toBeLessThan(1e-15);
        if (k > 0) {
          expect(cos[N - k]).toBe(cos[k]);
          expect(sin[N - k] + 0).toBe(-sin[k] + 0);
        }
      }
    }
  });
});
