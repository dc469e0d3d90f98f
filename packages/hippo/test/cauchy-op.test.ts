import { assertGradcheck, complex, fromArray, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { cauchyArray } from '../src/cauchy';
import { cauchy } from '../src/cauchy-op';
import { randomComplex, relErr, rng } from './support/reference';

describe('cauchy (Tensor op)', () => {
  const r = rng(41);
  const [H, R, N, L] = [2, 2, 3, 5];
  const v = randomComplex(H * R * N, r);
  const w = {
    re: Float64Array.from({ length: H * N }, () => -0.5),
    im: Float64Array.from({ length: H * N }, r),
  };
  const a = randomComplex(H * L, r, 3);
  const b = randomComplex(L, r);

  it('equals the array kernel per channel', () => {
    const out = cauchy(
      complex(fromArray(v.re, [H, R, N]), fromArray(v.im, [H, R, N])),
      complex(fromArray(w.re, [H, N]), fromArray(w.im, [H, N])),
      complex(fromArray(a.re, [H, L]), fromArray(a.im, [H, L])),
      b,
    );
    expect(out.shape).toEqual([H, R, L]);
    const h1 = cauchyArray(
      { re: v.re.subarray(R * N), im: v.im.subarray(R * N) },
      R,
      { re: w.re.subarray(N), im: w.im.subarray(N) },
      { re: a.re.subarray(L), im: a.im.subarray(L) },
      b,
    );
    expect(relErr(out.re.toArray().subarray(R * L), h1.re)).toBeLessThan(1e-15);
    expect(relErr(out.im.toArray().subarray(R * L), h1.im)).toBeLessThan(1e-15);
  });

  it('is differentiable in v, w and a (gradcheck)', () => {
    const leaves = [
      [v.re, [H, R, N]],
      [v.im, [H, R, N]],
      [w.re, [H, N]],
      [w.im, [H, N]],
      [a.re, [H, L]],
      [a.im, [H, L]],
    ].map(([x, s]) => fromArray(x as Float64Array, s as number[], { requiresGrad: true }));
    assertGradcheck(
      (vr: Tensor, vi: Tensor, wr: Tensor, wi: Tensor, ar: Tensor, ai: Tensor) => {
        const o = cauchy(complex(vr, vi), complex(wr, wi), complex(ar, ai), b);
        return [o.re, o.im];
      },
      leaves,
      { atol: 1e-7, rtol: 1e-6 },
    );
  });
});
