import { assertGradcheck, exp, fromArray } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { logGateMatrix } from '../../src/xlstm/log-gate-matrix';
import { expectClose, randn } from './random-inputs';

describe('logGateMatrix', () => {
  it('holds Σ_{k=j+1..t} log f_k + ĩ_j on and below the diagonal and −∞ above', () => {
    const [B, L] = [2, 5];
    const logF = randn([B, L], 1).sub(1);
    const logI = randn([B, L], 2);
    const D = logGateMatrix(logF, logI);
    expect(D.shape).toEqual([B, L, L]);
    const f = logF.toArray();
    const ii = logI.toArray();
    for (let b = 0; b < B; b++)
      for (let t = 0; t < L; t++)
        for (let j = 0; j < L; j++) {
          const got = D.get(b, t, j);
          if (j > t) {
            expect(got).toBe(Number.NEGATIVE_INFINITY);
            continue;
          }
          let want = ii[b * L + j]!;
          for (let k = j + 1; k <= t; k++) want += f[b * L + k]!;
          expect(got).toBeCloseTo(want, 13);
        }
  });
  it('keeps relative accuracy in float32 where F[t] − F[j] would cancel', () => {
    // 400 steps of log f = −10: F reaches −4000, where one float32 ulp is 2.4e-4.
    const L = 400;
    const logF = fromArray(new Array(L).fill(-10), [L], { dtype: 'float32' });
    const logI = fromArray(new Array(L).fill(0), [L], { dtype: 'float32' });
    const D = logGateMatrix(logF, logI);
    // The entry two steps below the diagonal at the end is exactly −20.
    expect(D.get(L - 1, L - 3)).toBe(-20);
    expect(D.get(L - 1, 0)).toBe(-10 * (L - 1));
  });
  it('gradients (through exp, which maps −∞ to 0)', () => {
    assertGradcheck((f, i) => exp(logGateMatrix(f, i)), [randn([2, 4], 3).sub(0.5), randn([2, 4], 4)]);
  });
  it('matches the float64 reference in float32', () => {
    const logF = randn([3, 6], 5).sub(1);
    const logI = randn([3, 6], 6);
    const mask = (t: ReturnType<typeof logGateMatrix>) => exp(t);
    expectClose(
      mask(logGateMatrix(logF.to('float32'), logI.to('float32'))).to('float64'),
      mask(logGateMatrix(logF, logI)),
      1e-5,
      1e-7,
    );
  });
});
