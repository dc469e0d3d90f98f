import { describe, expect, it } from 'vitest';
import { realSplitTwiddleSize, realSplitTwiddles } from '../src/wasm-twiddles';
import { randomSignal, relError } from './helpers/reference';
import { scratch } from './helpers/wasm-scratch';

/** X_k = E_k + ω^k·O_k for k = 1..h-1 from Z (real-plan.ts), evaluated directly. */
function splitRef(zr: Float64Array, zi: Float64Array): [Float64Array, Float64Array] {
  const h = zr.length;
  const n = 2 * h;
  const xr = new Float64Array(h);
  const xi = new Float64Array(h);
  for (let k = 1; k < h; k++) {
    const a = h - k;
    const er = (zr[k] + zr[a]) / 2;
    const ei = (zi[k] - zi[a]) / 2;
    // O = (Z_k - conj Z_a) / (2i)
    const or = (zi[k] + zi[a]) / 2;
    const oi = (zr[a] - zr[k]) / 2;
    const c = Math.cos((-2 * Math.PI * k) / n);
    const s = Math.sin((-2 * Math.PI * k) / n);
    xr[k] = er + or * c - oi * s;
    xi[k] = ei + or * s + oi * c;
  }
  return [xr, xi];
}

describe('real split and merge kernels (wasm)', () => {
  it('split gives X_1 .. X_{h-1} of the formula; merge inverts it (2Z/n with c = 1/n)', () => {
    for (const h of [2, 4, 8, 16, 512]) {
      const n = 2 * h;
      const { k, mem, area, put, get } = scratch(n);
      const tw = mem.table(`real:${n}`, realSplitTwiddleSize(n), (t) => realSplitTwiddles(n, t))!;
      const zr = randomSignal(h, h);
      const zi = randomSignal(h, h + 1);
      put(area.are, zr);
      put(area.aim, zi);
      k.realSplit(area.are, area.aim, area.bre, area.bim, tw, h);
      const [er, ei] = splitRef(zr, zi);
      const xr = get(area.bre, h);
      const xi = get(area.bim, h);
      expect(
        relError(xr.subarray(1), er.subarray(1), xi.subarray(1), ei.subarray(1)),
        `h = ${h}`,
      ).toBeLessThan(1e-15);
      // merge(X) = 2Z·c on bins 1..h-1 (bin 0 is the caller's; X_h is read for h = 2 only): with
      // c = 1/n the unscaled inverse DFT of h points then gives z itself
      xr[0] = zr[0] + zi[0];
      put(area.bre, [...xr, zr[0] - zi[0]]);
      put(area.bim, [0, ...xi.subarray(1), 0]);
      k.realMerge(area.bre, area.bim, area.are, area.aim, tw, h, 1 / n);
      const back = (v: Float64Array) => v.subarray(1).map((t) => (t * n) / 2);
      expect(
        relError(back(get(area.are, h)), zr.subarray(1), back(get(area.aim, h)), zi.subarray(1)),
      ).toBeLessThan(1e-14);
    }
  });
});
