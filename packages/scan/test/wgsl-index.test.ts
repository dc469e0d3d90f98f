// The u32 index arithmetic of the webgpu-wgsl shaders, mirrored on the host, is exact past 2^24
// (where float32 index arithmetic lands on neighbours) and the host refuses sizes past 2^32.
import { BackendError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { blockIndexU32, checkU32Indices, rowIndexU32, U32_LIMIT, u32MulAdd } from '../src/wgsl-index';
import { rng } from './helpers';

describe('webgpu-wgsl index arithmetic', () => {
  it('u32MulAdd wraps modulo 2^32 as WGSL u32 does', () => {
    expect(u32MulAdd(3, 5, 7)).toBe(22);
    expect(u32MulAdd(65536, 65536, 5)).toBe(5);
    expect(u32MulAdd(2 ** 31, 2, 1)).toBe(1);
    expect(u32MulAdd(0xffffffff, 1, 1)).toBe(0);
  });

  it('row indices past 2^24 equal exact (BigInt) arithmetic, where float32 would not', () => {
    // B·L·D = 3·1400·4000 = 16.8M > 2^24, the device check's shape; and a 2^30 one
    const r = rng(3);
    let beyondFloat = 0;
    for (const [B, L, D] of [
      [3, 1400, 4000],
      [4, 2048, 4096 * 32],
    ] as const) {
      for (let i = 0; i < 2000; i++) {
        const b = Math.floor(r() * B);
        const t = Math.floor(r() * L);
        const d = Math.floor(r() * D);
        const exact = (BigInt(b) * BigInt(L) + BigInt(t)) * BigInt(D) + BigInt(d);
        const got = rowIndexU32(b, t, d, L, D);
        expect(BigInt(got)).toBe(exact);
        if (Math.fround(got) !== got) beyondFloat++;
      }
    }
    // the sample reaches indices a float32 cannot hold: the check above is not vacuous
    expect(beyondFloat).toBeGreaterThan(100);
    // the last element of the device check's shape, one float32 would round to a neighbour
    const last = rowIndexU32(2, 1399, 3999, 1400, 4000);
    expect(last).toBe(3 * 1400 * 4000 - 1);
    expect(Math.fround(last)).not.toBe(last);
  });

  it('B/C block indices equal exact arithmetic for grouped B/C', () => {
    const r = rng(5);
    const [B, L, G, NQ] = [8, 65536, 4, 4];
    for (let i = 0; i < 2000; i++) {
      const b = Math.floor(r() * B);
      const t = Math.floor(r() * L);
      const g = Math.floor(r() * G);
      const q = Math.floor(r() * NQ);
      const exact = ((BigInt(b) * BigInt(L) + BigInt(t)) * BigInt(G) + BigInt(g)) * BigInt(NQ) + BigInt(q);
      expect(BigInt(blockIndexU32(b, t, g, q, L, G, NQ))).toBe(exact);
    }
  });

  it('refuses arrays past 2^32 elements with a BackendError naming the array', () => {
    expect(() => checkU32Indices('selectiveScan', { u: U32_LIMIT })).not.toThrow();
    expect(() => checkU32Indices('selectiveScan', { u: 2 ** 24 + 1, 'B, C': U32_LIMIT + 1 })).toThrow(
      BackendError,
    );
    expect(() => checkU32Indices('selectiveScan', { 'B, C': U32_LIMIT + 1 })).toThrow(/B, C has 4294967297/);
    // the wrap the check guards against: one past the limit lands on index 0
    expect(rowIndexU32(1, 0, 0, 2 ** 16, 2 ** 16)).toBe(0);
  });
});
