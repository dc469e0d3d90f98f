import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { dplrArray } from '../src/nplr';
import { s4dInit, s4dInitArray } from '../src/s4d-init';

describe('S4D initialisations', () => {
  it('S4D-Lin: −½ + iπn, repeated over channels', () => {
    const A = s4dInitArray('lin', 6, 2);
    expect(Array.from(A.re)).toEqual([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5]);
    expect(Array.from(A.im)).toEqual([0, Math.PI, 2 * Math.PI, 0, Math.PI, 2 * Math.PI]);
  });

  it('S4D-Inv: −½ + i(N/π)(N/(2n+1) − 1)', () => {
    const A = s4dInitArray('inv', 8);
    expect(A.im[0]).toBeCloseTo((8 / Math.PI) * 7, 13);
    expect(A.im[3]).toBeCloseTo((8 / Math.PI) * (8 / 7 - 1), 13);
  });

  it('S4D-LegS is the diagonal of the DPLR form of HiPPO-LegS', () => {
    const A = s4dInitArray('legs', 8, 1);
    expect(Array.from(A.im)).toEqual(Array.from(dplrArray('legs', 8).Lambda.im));
  });

  it('returns a complex [H, N/2] Tensor and refuses odd N', () => {
    expect(s4dInit('lin', 8, 3).shape).toEqual([3, 4]);
    expect(() => s4dInitArray('lin', 7)).toThrow(ValueError);
    expect(() => s4dInitArray('foo' as 'lin', 8)).toThrow(/unknown init/);
  });
});
