// The linear-scan reference equals the closed form h_t = Π_{r≤t} a_r h0 + Σ_s (Π_{r=s+1..t} a_r) b_s,
// and its backward pass equals central differences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScanBackwardReference, linearScanReference } from '../src/index';
import { rand, rng } from './helpers';

describe('linearScanReference', () => {
  it('equals the closed form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1e6 }), (L, seed) => {
        const r = rng(seed);
        const a = rand(r, L, 1, 0, true);
        const b = rand(r, L, 1, 0, true);
        const h0 = rand(r, 1, 1, 0, true);
        const h = linearScanReference({ a, b, h0 }, { batch: 1, length: L, channels: 1 }, 'float64');
        for (let t = 0; t < L; t++) {
          let p = 1;
          for (let q = 0; q <= t; q++) p *= a[q]!;
          let v = p * h0[0]!;
          for (let s = 0; s <= t; s++) {
            let w = 1;
            for (let q = s + 1; q <= t; q++) w *= a[q]!;
            v += w * b[s]!;
          }
          expect(h[t]).toBeCloseTo(v, 12);
        }
      }),
    );
  });

  it('backward matches central differences', () => {
    const r = rng(4);
    const B = 2;
    const L = 7;
    const D = 3;
    const s = { batch: B, length: L, channels: D };
    const x = {
      a: rand(r, B * L * D, 0.5, 0.4, true),
      b: rand(r, B * L * D, 1, 0, true),
      h0: rand(r, B * D, 1, 0, true),
    };
    const gh = rand(r, B * L * D, 1, 0, true);
    const f = () => {
      const h = linearScanReference(x, s, 'float64');
      let v = 0;
      for (let i = 0; i < h.length; i++) v += h[i]! * gh[i]!;
      return v;
    };
    const g = linearScanBackwardReference(x, linearScanReference(x, s, 'float64'), gh, s, 'float64');
    for (const k of ['a', 'b', 'h0'] as const) {
      const arr = x[k] as Float64Array;
      for (let i = 0; i < arr.length; i++) {
        const keep = arr[i]!;
        arr[i] = keep + 1e-6;
        const up = f();
        arr[i] = keep - 1e-6;
        const down = f();
        arr[i] = keep;
        expect(g[k][i]).toBeCloseTo((up - down) / 2e-6, 6);
      }
    }
  });
});
