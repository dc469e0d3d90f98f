import { describe, expect, it } from 'vitest';
import {
  assertGradcheck,
  cabs,
  cadd,
  cdiv,
  cexp,
  cmatmul,
  cmul,
  complex,
  complexFromInterleaved,
  conj,
  ShapeError,
  tensor,
} from '../src/index';
import { arr, randn } from './helpers';

const c = (re: number[], im: number[]) =>
  complex(tensor(re, { dtype: 'float64' }), tensor(im, { dtype: 'float64' }));

describe('complex tensors', () => {
  it('arithmetic matches complex algebra', () => {
    const a = c([1, 0], [2, 1]); // 1+2i, i
    const b = c([3, 0], [-1, 1]); // 3−i, i
    const p = cmul(a, b); // (1+2i)(3−i) = 5+5i ; i·i = −1
    expect(arr(p.re)).toEqual([5, -1]);
    expect(arr(p.im)).toEqual([5, 0]);
    const q = cdiv(p, b);
    arr(q.re).forEach((v, i) => expect(v).toBeCloseTo([1, 0][i]!, 14));
    arr(q.im).forEach((v, i) => expect(v).toBeCloseTo([2, 1][i]!, 14));
    expect(arr(conj(a).im)).toEqual([-2, -1]);
    expect(arr(cabs(c([3], [4])))).toEqual([5]);
    const e = cexp(c([0], [Math.PI]));
    expect(e.re.item()).toBeCloseTo(-1, 15);
    expect(e.im.item()).toBeCloseTo(0, 15);
    expect(arr(cadd(a, 1).re)).toEqual([2, 1]);
  });
  it('interleaved round trip and shape checks', () => {
    const z = complexFromInterleaved([1, 2, 3, 4], [2]);
    expect(Array.from(z.toInterleaved())).toEqual([1, 2, 3, 4]);
    expect(() => complex(tensor([1]), tensor([1, 2]))).toThrow(ShapeError);
  });
  it('complex matmul equals the real block form', () => {
    const a = complex(randn([2, 3], 1), randn([2, 3], 2));
    const b = complex(randn([3, 2], 3), randn([3, 2], 4));
    const p = cmatmul(a, b);
    // entry (0,0) by hand
    let re = 0;
    let im = 0;
    for (let k = 0; k < 3; k++) {
      const [ar, ai, br, bi] = [a.re.get(0, k), a.im.get(0, k), b.re.get(k, 0), b.im.get(k, 0)];
      re += ar * br - ai * bi;
      im += ar * bi + ai * br;
    }
    expect(p.re.get(0, 0)).toBeCloseTo(re, 12);
    expect(p.im.get(0, 0)).toBeCloseTo(im, 12);
  });
  it('gradients flow through re and im', () => {
    assertGradcheck(
      (ar, ai, br, bi) => cabs(cdiv(cexp(complex(ar!, ai!)), complex(br!, bi!))),
      [randn([4], 1), randn([4], 2), randn([4], 3).abs().add(1), randn([4], 4)],
    );
  });
});
