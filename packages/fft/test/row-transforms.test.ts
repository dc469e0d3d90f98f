import { describe, expect, it } from 'vitest';
import { FFTPlan } from '../src/complex-plan';
import { RealFFTPlan } from '../src/real-plan';
import { fftRows, irfftRows, resizeRows, rfftRows } from '../src/row-transforms';
import { randomSignal } from './helpers/reference';

describe('row transforms', () => {
  it('resizeRows pads and truncates every row', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(resizeRows(x, 2, 3, 3)).toBe(x);
    expect([...resizeRows(x, 2, 3, 5)]).toEqual([1, 2, 3, 0, 0, 4, 5, 6, 0, 0]);
    expect([...resizeRows(x, 2, 3, 2)]).toEqual([1, 2, 4, 5]);
  });

  it('fftRows transforms each row like a plan, forward and inverse, in place', () => {
    const rows = 3;
    const n = 20;
    const re = randomSignal(rows * n, 1);
    const im = randomSignal(rows * n, 2);
    const plan = new FFTPlan(n);
    for (const inverse of [false, true]) {
      const br = re.slice();
      const bi = im.slice();
      fftRows(br, bi, rows, n, inverse, br, bi);
      for (let r = 0; r < rows; r++) {
        const er = re.slice(r * n, (r + 1) * n);
        const ei = im.slice(r * n, (r + 1) * n);
        if (inverse) plan.inverse(er, ei);
        else plan.forward(er, ei);
        expect(br.subarray(r * n, (r + 1) * n)).toEqual(er);
        expect(bi.subarray(r * n, (r + 1) * n)).toEqual(ei);
      }
    }
  });

  it('rfftRows and irfftRows work row by row; irfft zero-pads missing bins', () => {
    const rows = 2;
    const n = 12;
    const plan = new RealFFTPlan(n);
    const x = randomSignal(rows * n, 3);
    const re = new Float64Array(rows * plan.bins);
    const im = new Float64Array(rows * plan.bins);
    rfftRows(x, rows, n, re, im);
    const back = new Float64Array(rows * n);
    irfftRows(re, im, rows, plan.bins, n, back);
    for (let k = 0; k < x.length; k++) expect(back[k]).toBeCloseTo(x[k], 14);
    // only 3 of the 7 bins given: the rest count as zero
    const short = new Float64Array(rows * n);
    const r3 = new Float64Array(rows * 3);
    const i3 = new Float64Array(rows * 3);
    for (let r = 0; r < rows; r++) {
      r3.set(re.subarray(r * plan.bins, r * plan.bins + 3), r * 3);
      i3.set(im.subarray(r * plan.bins, r * plan.bins + 3), r * 3);
    }
    irfftRows(r3, i3, rows, 3, n, short);
    const padRe = new Float64Array(plan.bins);
    const padIm = new Float64Array(plan.bins);
    padRe.set(re.subarray(plan.bins, plan.bins + 3));
    padIm.set(im.subarray(plan.bins, plan.bins + 3));
    const expected = new Float64Array(n);
    plan.inverse(padRe, padIm, expected);
    expect(short.subarray(n)).toEqual(expected);
  });
});
