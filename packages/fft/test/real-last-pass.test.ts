import { describe, expect, it } from 'vitest';
import { powerOfTwoRadices } from '../src/factorize';
import { realLastPass } from '../src/real-last-pass';
import { StockhamPlan } from '../src/stockham-plan';
import { unitRoot } from '../src/unit-roots';
import { naiveDft, randomSignal, relError } from './helpers/reference';

describe('realLastPass', () => {
  it('finishes the packed half-length transform as the real spectrum (bins 0..n/2)', () => {
    for (const k of [4, 5, 6, 9]) {
      const h = 2 ** k;
      const n = 2 * h;
      const plan = new StockhamPlan(h, powerOfTwoRadices(k));
      const s = plan.lastStride;
      // [ω^q, ω^{q+s}, ω^{q+2s}, ω^{q+3s}] per q, ω = exp(-2πi/n), as RealFFTPlan builds them
      const rtw = new Float64Array(8 * ((s >> 1) + 1));
      const w = new Float64Array(2);
      for (let q = 0; q <= s >> 1; q++) {
        for (let j = 0; j < 4; j++) {
          unitRoot(-(q + s * j), n, w);
          rtw[8 * q + 2 * j] = w[0];
          rtw[8 * q + 2 * j + 1] = w[1];
        }
      }
      const x = randomSignal(n, k);
      // the real samples read as interleaved complex numbers z_j = x_2j + i·x_2j+1
      const buf = plan.headInterleaved(x, 0);
      const yr = new Float64Array(h + 3);
      const yi = new Float64Array(h + 3);
      realLastPass(s, rtw, buf, yr, yi, 2);
      const [er, ei] = naiveDft(x, new Float64Array(n));
      expect(
        relError(yr.subarray(2), er.subarray(0, h + 1), yi.subarray(2), ei.subarray(0, h + 1)),
        `n = ${n}`,
      ).toBeLessThan(1e-14);
      expect([yr[0], yr[1], yi[0], yi[1]]).toEqual([0, 0, 0, 0]); // nothing before the offset
    }
  });
});
