import { describe, expect, it } from 'vitest';
import { radix4TwiddleSize, radix4Twiddles } from '../src/wasm-twiddles';
import { randomSignal, relError } from './helpers/reference';
import { scratch, stockhamPassRef } from './helpers/wasm-scratch';

describe('radix-4 pass kernel (wasm, s >= 2)', () => {
  it('matches the pass definition for even strides and every m', () => {
    for (const [s, m] of [
      [2, 1],
      [2, 4],
      [4, 1],
      [4, 16],
      [8, 2],
      [32, 8],
      [128, 1],
    ]) {
      const n = 4 * s * m;
      const L = 4 * m;
      const { k, mem, area, put, get } = scratch(n);
      const tw = mem.table(`radix4:${L}`, radix4TwiddleSize(L), (t) => radix4Twiddles(L, t))!;
      const xr = randomSignal(n, s + m);
      const xi = randomSignal(n, s + m + 7);
      put(area.are, xr);
      put(area.aim, xi);
      k.radix4(area.are, area.aim, area.bre, area.bim, tw, s, m);
      const [er, ei] = stockhamPassRef(4, s, m, xr, xi);
      expect(relError(get(area.bre, n), er, get(area.bim, n), ei), `s = ${s}, m = ${m}`).toBeLessThan(1e-15);
    }
  });
});
