import { describe, expect, it } from 'vitest';
import { randomSignal } from './helpers/reference';
import { scratch } from './helpers/wasm-scratch';

describe('layout kernels (wasm)', () => {
  it('deinterleave splits even and odd samples, interleave puts them back, exactly', () => {
    for (const h of [2, 4, 8, 1024]) {
      const { k, area, put, get } = scratch(2 * h);
      const x = randomSignal(2 * h, h);
      put(area.bre, x);
      k.deinterleave(area.bre, area.are, area.aim, h);
      expect(get(area.are, h)).toEqual(x.filter((_, i) => i % 2 === 0));
      expect(get(area.aim, h)).toEqual(x.filter((_, i) => i % 2 === 1));
      k.interleave(area.bim, area.are, area.aim, h);
      expect(get(area.bim, 2 * h)).toEqual(x);
    }
  });
});
