// Past 2^24 elements: gpu.js does index arithmetic in float32 on several backends, so the
// scanner cuts scans into blocks whose kernel arrays stay below 2^24 elements. These scans are
// larger than that and are checked at sampled channels against the sequential recurrence.
import { afterAll, describe, expect, it } from 'vitest';
import { createScanner, INDEX_LIMIT, type ScanArray, type Scanner } from '../src/index';
import { rand, rng } from './helpers';

let s: Scanner;
afterAll(() => s?.destroy());

function check(
  a: Float32Array,
  b: Float32Array,
  h: Float32Array,
  B: number,
  L: number,
  D: number,
  seed: number,
): number {
  const r = rng(seed);
  let worst = 0;
  const channels = [0, D - 1, D >> 1, ...Array.from({ length: 200 }, () => Math.floor(r() * D))];
  for (let bi = 0; bi < B; bi++) {
    for (const d of channels) {
      let st = 0;
      for (let t = 0; t < L; t++) {
        const i = (bi * L + t) * D + d;
        st = a[i]! * st + b[i]!;
        worst = Math.max(worst, Math.abs(h[i]! - st) / (1e-5 + 1e-4 * Math.abs(st)));
      }
    }
  }
  return worst;
}

describe('scans past 2^24 elements on webasm', () => {
  it('splits along the batch (B·L·D = 3·8·700000 > 2^24)', async () => {
    s = await createScanner({ backend: 'webasm' });
    const B = 3;
    const L = 8;
    const D = 700_000;
    expect(B * L * D).toBeGreaterThan(INDEX_LIMIT);
    const r = rng(1);
    const a = rand(r, B * L * D, 0.2, 0.7) as Float32Array;
    const b = rand(r, B * L * D) as Float32Array;
    const { h, info } = await s.linearScan({
      a: { data: a, shape: [B, L, D] },
      b: { data: b, shape: [B, L, D] },
    });
    expect(info.blocks).toBeGreaterThan(1);
    expect(check(a, b, (h as ScanArray).data as Float32Array, B, L, D, 2)).toBeLessThanOrEqual(1);
  });

  it('splits along the channels (B·L·D = 1·24·700000 > 2^24, chunked)', async () => {
    const B = 1;
    const L = 24;
    const D = 700_000;
    const r = rng(3);
    const a = rand(r, B * L * D, 0.2, 0.7) as Float32Array;
    const b = rand(r, B * L * D) as Float32Array;
    const { h, info } = await s.linearScan({
      a: { data: a, shape: [B, L, D] },
      b: { data: b, shape: [B, L, D] },
    });
    expect(info.blocks).toBeGreaterThan(1);
    expect(info.form).toBe('chunked');
    expect(check(a, b, (h as ScanArray).data as Float32Array, B, L, D, 4)).toBeLessThanOrEqual(1);
  });

  it('refuses a DeviceTensor that would need several blocks', async () => {
    const B = 1;
    const L = 24;
    const D = 700_000;
    const big = new Float32Array(B * L * D);
    await expect(
      s.linearScan(
        { a: { data: big, shape: [B, L, D] }, b: { data: big, shape: [B, L, D] } },
        { resident: true },
      ),
    ).rejects.toThrow(/2\^24/);
  });
});
