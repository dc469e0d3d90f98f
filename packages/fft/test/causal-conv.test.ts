import { describe, expect, it } from 'vitest';
import { pairRows } from '../src/broadcast-rows';
import { causalConvBackwardRows, causalConvRows, convLength } from '../src/causal-conv';
import { directCausalConv, randomSignal, relError } from './helpers/reference';

describe('causal convolution rows', () => {
  it('picks an even padded length with room for the whole linear convolution', () => {
    for (const [L, taps] of [
      [1, 1],
      [8, 8],
      [31, 5],
      [1000, 1000],
    ]) {
      const N = convLength(L, taps);
      expect(N % 2).toBe(0);
      expect(N).toBeGreaterThanOrEqual(L + taps - 1);
    }
  });

  it('equals the direct sum, including kernels shorter and longer than the signal', () => {
    for (const [L, Lk] of [
      [1, 1],
      [8, 8],
      [31, 31],
      [50, 7],
      [20, 45],
      [1000, 1000],
    ]) {
      const u = randomSignal(L, L);
      const k = randomSignal(Lk, Lk + 1);
      const { y } = causalConvRows(u, 1, L, k, 1, Lk, pairRows('t', [], []));
      expect(relError(y, directCausalConv(u, k)), `L=${L} Lk=${Lk}`).toBeLessThan(1e-13);
    }
  });

  it('backward gives the correlations, summed over broadcast rows', () => {
    const [B, H, L, Lk] = [2, 3, 10, 6];
    const u = randomSignal(B * H * L, 1);
    const k = randomSignal(H * Lk, 2);
    const g = randomSignal(B * H * L, 3);
    const pairs = pairRows('t', [B, H], [H]);
    const { spec } = causalConvRows(u, B * H, L, k, H, Lk, pairs);
    const { du, dk } = causalConvBackwardRows(g, spec, pairs, B * H, H, Lk, true, true);
    const eu = new Float64Array(B * H * L);
    const ek = new Float64Array(H * Lk);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const r = b * H + h;
        for (let t = 0; t < L; t++) {
          for (let s = 0; s <= t && s < Lk; s++) {
            // y[t] += k[s]·u[t-s]
            eu[r * L + t - s] += g[r * L + t] * k[h * Lk + s];
            ek[h * Lk + s] += g[r * L + t] * u[r * L + t - s];
          }
        }
      }
    }
    expect(relError(du!, eu)).toBeLessThan(1e-13);
    expect(relError(dk!, ek)).toBeLessThan(1e-13);
    const none = causalConvBackwardRows(g, spec, pairs, B * H, H, Lk, false, false);
    expect(none.du).toBeNull();
    expect(none.dk).toBeNull();
  });
});
