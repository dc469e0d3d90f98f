import {
  assertGradcheck,
  complex,
  exp,
  fromArray,
  ShapeError,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { discretizeDiag } from '../src/discretize-diag-op';
import { discretizeComplexDiagArray, discretizeRealDiagArray } from '../src/discretize-diagonal';
import type { DiscretizeMethod } from '../src/method';
import { rng } from './support/reference';

const H = 2;
const N = 3;
const r = rng(77);
const lamRe = Float64Array.from({ length: H * N }, () => -0.2 - Math.abs(r()));
const lamIm = Float64Array.from({ length: H * N }, () => 4 * r());
const bRe = Float64Array.from({ length: H * N }, r);
const bIm = Float64Array.from({ length: H * N }, r);
const dts = [0.05, 0.4];

const methods: [DiscretizeMethod, number | undefined][] = [
  ['zoh', undefined],
  ['bilinear', undefined],
  ['euler', undefined],
  ['backward_euler', undefined],
  ['gbt', 0.7],
];

describe('discretizeDiag (Tensor op)', () => {
  it('matches the array kernel per channel with a step per channel [H] (complex and real)', () => {
    for (const [method, alpha] of methods) {
      const out = discretizeDiag(
        complex(fromArray(lamRe, [H, N]), fromArray(lamIm, [H, N])),
        complex(fromArray(bRe, [H, N]), fromArray(bIm, [H, N])),
        fromArray(dts, [H], { dtype: 'float64' }),
        { method, alpha },
      );
      const real = discretizeDiag(
        fromArray(lamRe, [H, N]),
        fromArray(bRe, [H, N]),
        fromArray(dts, [H], { dtype: 'float64' }),
        {
          method,
          alpha,
        },
      );
      for (let h = 0; h < H; h++) {
        const sl = (x: Float64Array) => x.subarray(h * N, (h + 1) * N);
        const ref = discretizeComplexDiagArray(
          { re: sl(lamRe), im: sl(lamIm) },
          { re: sl(bRe), im: sl(bIm) },
          dts[h]!,
          method,
          alpha,
        );
        const refReal = discretizeRealDiagArray(sl(lamRe), sl(bRe), dts[h]!, method, alpha);
        for (let k = 0; k < N; k++) {
          const i = h * N + k;
          expect(out.Ab.re.toArray()[i]).toBeCloseTo(ref.Ab.re[k]!, 14);
          expect(out.Ab.im.toArray()[i]).toBeCloseTo(ref.Ab.im[k]!, 14);
          expect(out.Bb.re.toArray()[i]).toBeCloseTo(ref.Bb.re[k]!, 14);
          expect(out.Bb.im.toArray()[i]).toBeCloseTo(ref.Bb.im[k]!, 14);
          expect(real.Ab.toArray()[i]).toBeCloseTo(refReal.Ab[k]!, 14);
          expect(real.Bb.toArray()[i]).toBeCloseTo(refReal.Bb[k]!, 14);
        }
      }
    }
  });

  it('is differentiable in log Δ, λ and B for ZOH and bilinear, complex and real (gradcheck)', () => {
    for (const method of ['zoh', 'bilinear'] as const) {
      const leaves = [lamRe, lamIm, bRe, bIm].map((x) => fromArray(x, [H, N], { requiresGrad: true }));
      const logDt = fromArray(dts.map(Math.log), [H], { dtype: 'float64', requiresGrad: true });
      assertGradcheck(
        (l: Tensor, lr: Tensor, li: Tensor, br: Tensor, bi: Tensor) => {
          const d = discretizeDiag(complex(lr, li), complex(br, bi), exp(l), { method });
          return [d.Ab.re, d.Ab.im, d.Bb.re, d.Bb.im];
        },
        [logDt, ...leaves],
        { atol: 1e-8, rtol: 1e-6 },
      );
      assertGradcheck(
        (l: Tensor, lr: Tensor, br: Tensor) => {
          const d = discretizeDiag(lr, br, exp(l), { method });
          return [d.Ab, d.Bb];
        },
        [logDt, leaves[0]!, leaves[2]!],
        { atol: 1e-8, rtol: 1e-6 },
      );
    }
  });

  it('computes in float32 for float32 inputs', () => {
    const out = discretizeDiag(
      complex(fromArray(lamRe, [H, N], { dtype: 'float32' }), fromArray(lamIm, [H, N], { dtype: 'float32' })),
      complex(fromArray(bRe, [H, N], { dtype: 'float32' }), fromArray(bIm, [H, N], { dtype: 'float32' })),
      0.1,
    );
    expect(out.Bb.dtype).toBe('float32');
    const ref = discretizeComplexDiagArray({ re: lamRe, im: lamIm }, { re: bRe, im: bIm }, 0.1);
    const got = out.Bb.re.toArray();
    for (let i = 0; i < H * N; i++) expect(Math.abs(got[i]! - ref.Bb.re[i]!)).toBeLessThan(1e-6);
  });

  it('refuses λ = 0 under ZOH, and steps that do not fit λ', () => {
    expect(() => discretizeDiag(fromArray([0, -1], [2]), fromArray([1, 1], [2]), 0.1)).toThrow(ValueError);
    expect(() =>
      discretizeDiag(
        fromArray(lamRe, [H, N]),
        fromArray(bRe, [H, N]),
        fromArray([0.1, 0.2, 0.3], [3], { dtype: 'float64' }),
      ),
    ).toThrow(ShapeError);
  });
});
