// The wasm-simd linear scan and its backward pass equal the float64 reference (rows of channels
// padded to quads, h0 as the row before h, zero rows after a and ∂b).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScanBackwardReference, linearScanReference } from '../src/index';
import { WasmArena } from '../src/wasm-arena';
import { linearBackwardWasm, linearForwardWasm } from '../src/wasm-linear-run';
import { instantiateScanModule } from '../src/wasm-scan-module';
import { rand, ratio, rng } from './helpers';

describe('linear scan on wasm-simd kernels', () => {
  it('equals the reference, forward and backward', async () => {
    const k = await instantiateScanModule();
    const arena = new WasmArena(k.mem);
    await fc.assert(
      fc.property(
        fc.record({
          B: fc.integer({ min: 1, max: 3 }),
          L: fc.integer({ min: 1, max: 60 }),
          D: fc.integer({ min: 1, max: 13 }),
          h0: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e6 }),
        }),
        (c) => {
          const r = rng(c.seed);
          const { B, L, D } = c;
          const x = {
            a: rand(r, B * L * D, 0.6, 0.4),
            b: rand(r, B * L * D),
            h0: c.h0 ? rand(r, B * D) : undefined,
          };
          const gh = rand(r, B * L * D);
          const shape = { batch: B, length: L, channels: D };
          const ref = linearScanReference(x, shape, 'float64');
          expect(ratio(linearForwardWasm(k, arena, x, shape), ref, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          const g = linearBackwardWasm(k, arena, x, gh, shape);
          const gref = linearScanBackwardReference(x, ref, gh, shape, 'float64');
          expect(ratio(g.a, gref.a, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          expect(ratio(g.b, gref.b, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
          // ∂h0 = a_0 ⊙ g̃_0 whether or not h0 was given (the scanner returns it only when it was)
          expect(ratio(g.h0, gref.h0, 1e-4, 1e-5)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });

  it('computes exact sums where float32 is exact', async () => {
    const k = await instantiateScanModule();
    const shape = { batch: 1, length: 4, channels: 2 };
    const x = {
      a: new Float32Array([0.5, 2, 0.5, 2, 0.5, 2, 0.5, 2]),
      b: new Float32Array([1, 1, 1, 1, 1, 1, 1, 1]),
      h0: new Float32Array([8, -1]),
    };
    // h = 0.5h + 1 from 8: 5, 3.5, 2.75, 2.375; h = 2h + 1 from −1: −1, −1, −1, −1
    expect(Array.from(linearForwardWasm(k, new WasmArena(k.mem), x, shape))).toEqual([
      5, -1, 3.5, -1, 2.75, -1, 2.375, -1,
    ]);
  });
});
