import { describe, expect, it } from 'vitest';
import { firstPassTwiddleSize, firstPassTwiddles } from '../src/wasm-twiddles';
import { randomSignal, relError } from './helpers/reference';
import { scratch, stockhamPassRef } from './helpers/wasm-scratch';

describe('first pass kernel (wasm, s = 1)', () => {
  it('matches the pass definition for radix 2 and 4, every m including the odd m = 1, scaled', () => {
    for (const radix of [2, 4] as const) {
      for (const m of [1, 2, 4, 8, 64]) {
        const n = radix * m;
        const { k, mem, area, put, get } = scratch(n);
        const tw = mem.table(`first${radix}:${n}`, firstPassTwiddleSize(radix, n), (t) =>
          firstPassTwiddles(radix, n, t),
        )!;
        const xr = randomSignal(n, n + radix);
        const xi = randomSignal(n, n + radix + 1);
        put(area.are, xr);
        put(area.aim, xi);
        for (const scale of [1, 0.25]) {
          (radix === 2 ? k.first2 : k.first4)(area.are, area.aim, area.bre, area.bim, tw, m, scale);
          const [er, ei] = stockhamPassRef(radix, 1, m, xr, xi, scale);
          const msg = `radix ${radix}, m = ${m}, scale ${scale}`;
          expect(relError(get(area.bre, n), er, get(area.bim, n), ei), msg).toBeLessThan(1e-15);
          // the input is left as it was
          expect(get(area.are, n), msg).toEqual(xr);
        }
      }
    }
  });

  it('first2i reads interleaved input (the real FFT packing) and gives the same pass', () => {
    for (const m of [1, 2, 8, 256]) {
      const n = 2 * m;
      const { k, mem, area, put, get } = scratch(2 * n);
      const tw = mem.table(`first2:${n}`, firstPassTwiddleSize(2, n), (t) => firstPassTwiddles(2, n, t))!;
      const xr = randomSignal(n, m);
      const xi = randomSignal(n, m + 1);
      const packed = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) {
        packed[2 * j] = xr[j];
        packed[2 * j + 1] = xi[j];
      }
      put(area.are, packed);
      k.first2i(area.are, area.aim, area.bre, area.bim, tw, m, 1);
      const [er, ei] = stockhamPassRef(2, 1, m, xr, xi);
      expect(relError(get(area.bre, n), er, get(area.bim, n), ei), `m = ${m}`).toBeLessThan(1e-15);
    }
  });
});
