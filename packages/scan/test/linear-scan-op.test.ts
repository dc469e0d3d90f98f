// The gpu.js linear scan and its backward pass equal the CPU reference (both forms, with and
// without h0), and the reference itself equals the closed form h_t = Σ_s (Π_{r=s+1..t} a_r) b_s.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type BackendName,
  createScanner,
  linearScanBackwardReference,
  linearScanReference,
  type ScanArray,
  type Scanner,
} from '../src/index';
import { rand, ratio, rng } from './helpers';

const scanners: Scanner[] = [];
afterAll(() => {
  for (const s of scanners) s.destroy();
});

const arb = fc.record({
  B: fc.integer({ min: 1, max: 3 }),
  L: fc.integer({ min: 1, max: 70 }),
  D: fc.integer({ min: 1, max: 6 }),
  h0: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

describe.each(['webasm', 'gpujs-cpu'] as BackendName[])('linear scan on %s', (backend) => {
  for (const form of ['sequential', 'chunked'] as const) {
    it(`${form} form equals the reference, forward and backward`, async () => {
      const s = await createScanner({ backend });
      scanners.push(s);
      await fc.assert(
        fc.asyncProperty(arb, async (c0) => {
          const c = form === 'chunked' ? { ...c0, L: 5 + (c0.L % 66) } : c0;
          const r = rng(c.seed);
          const { B, L, D } = c;
          const a = rand(r, B * L * D, 0.5, 0.5);
          const b = rand(r, B * L * D);
          const h0 = c.h0 ? rand(r, B * D) : undefined;
          const gh = rand(r, B * L * D);
          const shape = { batch: B, length: L, channels: D };
          const x = {
            a: { data: a, shape: [B, L, D] },
            b: { data: b, shape: [B, L, D] },
            h0: h0 ? { data: h0, shape: [B, D] } : undefined,
          };
          const ref = linearScanReference({ a, b, h0 }, shape, 'float64');
          const { h, info } = await s.linearScan(x, { form, chunk: 4 });
          expect(info.form).toBe(form);
          expect(ratio((h as ScanArray).data, ref, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          const g = await s.linearScanBackward(
            { ...x, gh: { data: gh, shape: [B, L, D] } },
            { form, chunk: 4 },
          );
          const gref = linearScanBackwardReference({ a, b, h0 }, ref, gh, shape, 'float64');
          expect(ratio((g.a as ScanArray).data, gref.a, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          expect(ratio((g.b as ScanArray).data, gref.b, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          if (h0) expect(ratio((g.h0 as ScanArray).data, gref.h0, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          else expect(g.h0).toBeUndefined();
        }),
        { numRuns: 6, seed: 3 },
      );
    });
  }
});
