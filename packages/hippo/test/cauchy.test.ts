import { describe, expect, it } from 'vitest';
import { cauchyArray, cauchyBackwardArray } from '../src/cauchy';
import { randomComplex, rng } from './support/reference';

describe('Cauchy kernel', () => {
  const r = rng(21);
  const N = 5;
  const L = 7;
  const R = 2;
  const v = randomComplex(R * N, r);
  const w = {
    re: Float64Array.from({ length: N }, () => -0.5),
    im: Float64Array.from({ length: N }, (_, n) => n),
  };
  const a = randomComplex(L, r, 3);
  const b = randomComplex(L, r);

  it('sums v/(a − b·w) term by term (and plain v/(z − w) when b is null)', () => {
    const out = cauchyArray(v, R, w, a, b);
    const plain = cauchyArray(v, R, w, a, null);
    for (let q = 0; q < R; q++) {
      for (let k = 0; k < L; k++) {
        let sr = 0;
        let si = 0;
        let pr = 0;
        let pi = 0;
        for (let n = 0; n < N; n++) {
          const add = (dr: number, di: number, into: (re: number, im: number) => void) => {
            const d = dr * dr + di * di;
            const vr = v.re[q * N + n]!;
            const vi = v.im[q * N + n]!;
            into((vr * dr + vi * di) / d, (vi * dr - vr * di) / d);
          };
          add(
            a.re[k]! - (b.re[k]! * w.re[n]! - b.im[k]! * w.im[n]!),
            a.im[k]! - (b.re[k]! * w.im[n]! + b.im[k]! * w.re[n]!),
            (x, y) => {
              sr += x;
              si += y;
            },
          );
          add(a.re[k]! - w.re[n]!, a.im[k]! - w.im[n]!, (x, y) => {
            pr += x;
            pi += y;
          });
        }
        expect(out.re[q * L + k]).toBeCloseTo(sr, 13);
        expect(out.im[q * L + k]).toBeCloseTo(si, 13);
        expect(plain.re[q * L + k]).toBeCloseTo(pr, 13);
        expect(plain.im[q * L + k]).toBeCloseTo(pi, 13);
      }
    }
  });

  it('has the adjoint its backward claims (finite differences on every input)', () => {
    const g = randomComplex(R * L, r);
    const loss = () => {
      const o = cauchyArray(v, R, w, a, b);
      let s = 0;
      for (let i = 0; i < R * L; i++) s += o.re[i]! * g.re[i]! + o.im[i]! * g.im[i]!;
      return s;
    };
    const grads = cauchyBackwardArray(v, R, w, a, b, g);
    const h = 1e-6;
    for (const [x, gx] of [
      [v, grads.v],
      [w, grads.w],
      [a, grads.a],
    ] as const) {
      for (const part of ['re', 'im'] as const) {
        for (let i = 0; i < x[part].length; i++) {
          const x0 = x[part][i]!;
          x[part][i] = x0 + h;
          const up = loss();
          x[part][i] = x0 - h;
          const down = loss();
          x[part][i] = x0;
          expect(gx[part][i]).toBeCloseTo((up - down) / (2 * h), 6);
        }
      }
    }
  });
});
