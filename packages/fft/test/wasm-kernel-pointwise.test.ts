import { describe, expect, it } from 'vitest';
import { randomSignal } from './helpers/reference';
import { scratch } from './helpers/wasm-scratch';

describe('pointwise product kernel (wasm)', () => {
  it('computes (Re(x·w), sign·Im(x·w)) for even and odd n, and in place', () => {
    for (const n of [1, 2, 7, 64, 1001]) {
      for (const sign of [1, -1]) {
        const { x, area, put, get } = scratch(4 * n);
        const [xr, xi, wr, wi] = [1, 2, 3, 4].map((s) => randomSignal(n, n + s));
        // x and w in A's and B's regions; w sits in the second half of them
        const half = 8 * 2 * n;
        put(area.are, xr);
        put(area.aim, xi);
        put(area.bre, wr);
        put(area.bim, wi);
        x.pointwise(area.are, area.aim, area.bre, area.bim, area.are + half, area.aim + half, n, sign);
        const [yr, yi] = [get(area.are + half, n), get(area.aim + half, n)];
        for (let k = 0; k < n; k++) {
          expect(yr[k]).toBeCloseTo(xr[k] * wr[k] - xi[k] * wi[k], 15);
          expect(yi[k]).toBeCloseTo(sign * (xr[k] * wi[k] + xi[k] * wr[k]), 15);
        }
        // in place: y = x
        x.pointwise(area.are, area.aim, area.bre, area.bim, area.are, area.aim, n, sign);
        expect(get(area.are, n)).toEqual(yr);
        expect(get(area.aim, n)).toEqual(yi);
      }
    }
  });
});
