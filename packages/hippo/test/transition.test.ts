import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { hippo, hippoArray } from '../src/transition';

const s = Math.sqrt;

describe('hippoArray (state-spaces/s4 transition)', () => {
  it('LegS: lower triangular, A_nk = −√(2n+1)√(2k+1), diagonal −(n+1), B = √(2n+1)', () => {
    const { A, B } = hippoArray('legs', 3);
    expect(Array.from(A)).toEqual([-1, 0, 0, -s(3), -2, 0, -s(5), -s(5) * s(3), -3]);
    expect(Array.from(B)).toEqual([1, s(3), s(5)]);
  });

  it('LegT: alternating signs above the diagonal', () => {
    const { A } = hippoArray('legt', 3);
    // entries are products √(2n+1)·√(2k+1), as the reference computes them
    expect(Array.from(A)).toEqual([
      -1,
      s(3),
      -s(5),
      -s(3),
      -s(3) * s(3),
      s(3) * s(5),
      -s(5),
      -s(5) * s(3),
      -s(5) * s(5),
    ]);
  });

  it('LagT: I/2 − tril(1), B = 1', () => {
    const { A, B } = hippoArray('lagt', 3);
    expect(Array.from(A)).toEqual([-0.5, 0, 0, -1, -0.5, 0, -1, -1, -0.5]);
    expect(Array.from(B)).toEqual([1, 1, 1]);
  });

  it('FouT: frequency pairs 2πj on the 2×2 blocks, −1 where parities agree, B = (1, 0, 1, 0)', () => {
    const { A, B } = hippoArray('fourier', 4);
    const t = 2 * Math.PI;
    expect(Array.from(A)).toEqual([-1, 0, -1, 0, 0, -1, 0, -1, -1, 0, -1, t, 0, -1, -t, -1]);
    expect(Array.from(B)).toEqual([1, 0, 1, 0]);
  });

  it('gives Tensors in float32 by default and float64 on request', () => {
    expect(hippo('legs', 4).A.dtype).toBe('float32');
    const { A, B } = hippo('legt', 4, { dtype: 'float64' });
    expect(A.shape).toEqual([4, 4]);
    expect(B.shape).toEqual([4]);
    expect(Array.from(A.toArray())).toEqual(Array.from(hippoArray('legt', 4).A));
  });

  it('refuses bad sizes and unknown measures', () => {
    expect(() => hippoArray('legs', 0)).toThrow(ValueError);
    expect(() => hippoArray('fourier', 5)).toThrow(/even N/);
    expect(() => hippoArray('legx' as 'legs', 4)).toThrow(/unknown measure 'legx'/);
  });
});
