import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  dplr,
  dplrArray,
  nplr,
  nplrArray,
  rankCorrection,
  reconstructDplr,
  reconstructNplr,
} from '../src/nplr';
import { hippoArray } from '../src/transition';
import { relErr } from './support/reference';

describe('NPLR / DPLR forms', () => {
  it('reconstructs A = V Λ Vᴴ − PPᵀ for every measure and size', () => {
    for (const measure of ['legs', 'legt', 'lagt', 'fourier'] as const) {
      for (const N of [1, 2, 3, 8, 17, 32]) {
        if (measure === 'fourier' && N % 2) continue;
        const form = nplrArray(measure, N);
        expect(relErr(reconstructNplr(form), hippoArray(measure, N).A)).toBeLessThan(1e-13);
      }
    }
  });

  it('LegS: P = √(n + ½), eigenvalues −½ + iω in ± pairs, sorted by imaginary part (numpy values at N = 4)', () => {
    expect(Array.from(rankCorrection('legs', 3)[0]!)).toEqual([
      Math.sqrt(0.5),
      Math.sqrt(1.5),
      Math.sqrt(2.5),
    ]);
    const { w } = nplrArray('legs', 4);
    w.re.forEach((v) => expect(v).toBeCloseTo(-0.5, 15));
    // numpy.linalg.eigvals(A + P Pᵀ) for N = 4, sorted
    const want = [-4.60329301, -0.55650112, 0.55650112, 4.60329301];
    w.im.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 8));
  });

  it('keeps the Im > 0 half for the conjugate-pair form and still reconstructs A', () => {
    for (const measure of ['legs', 'legt', 'lagt'] as const) {
      for (const N of [2, 8, 64]) {
        const form = dplrArray(measure, N);
        expect(form.Lambda.re.length).toBe(N / 2);
        for (let k = 0; k < N / 2; k++) expect(form.Lambda.im[k]).toBeGreaterThan(0);
        for (let k = 1; k < N / 2; k++) expect(form.Lambda.im[k]).toBeGreaterThan(form.Lambda.im[k - 1]!);
        expect(relErr(reconstructDplr(form), hippoArray(measure, N).A)).toBeLessThan(1e-12);
      }
    }
  });

  it('refuses the conjugate-pair form where eigenvalues are real (odd N, FouT zero frequency)', () => {
    expect(() => dplrArray('legs', 5)).toThrow(ValueError);
    expect(() => dplrArray('fourier', 8)).toThrow(/needs N\/2 = 4/);
  });

  it('gives Tensors of the requested dtype and shape', () => {
    const f = nplr('legt', 6, { dtype: 'float64' });
    expect(f.P.shape).toEqual([2, 6]);
    expect(f.V.shape).toEqual([6, 6]);
    const d = dplr('legs', 8);
    expect(d.Lambda.dtype).toBe('float32');
    expect(d.P.shape).toEqual([1, 4]);
    expect(d.V.shape).toEqual([8, 4]);
  });
});
