// The wasm-simd selective scan forward (wasm-kernel-selective-forward.ts through its driver)
// equals the float64 reference within float32 rounding, on random shapes and options, with one
// tile and with many.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectiveScanReference } from '../src/index';
import { WasmArena } from '../src/wasm-arena';
import { instantiateScanModule } from '../src/wasm-scan-module';
import { selectiveForwardWasm } from '../src/wasm-selective-forward-run';
import { ratio } from './helpers';
import { wasmCaseArb, wasmProblem } from './wasm-cases';

describe('selectiveForwardWasm', () => {
  it('equals the reference (random shapes, every option, several tiles)', async () => {
    const k = await instantiateScanModule();
    const arena = new WasmArena(k.mem);
    await fc.assert(
      fc.asyncProperty(wasmCaseArb, fc.constantFrom(16, 48, 16384), async (c, tileBytes) => {
        const { x, shape } = wasmProblem(c);
        const ref = selectiveScanReference(x, shape, 'float64');
        const y = selectiveForwardWasm(k, arena, x, shape, tileBytes);
        expect(ratio(y.out, ref.out, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
        expect(ratio(y.lastState, ref.lastState, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
        const quads = shape.groups * Math.ceil(c.perGroup / 4);
        const perTile = Math.max(1, Math.floor(tileBytes / (16 * shape.state)));
        expect(y.calls).toBe(shape.batch * Math.ceil(quads / Math.min(perTile, quads)));
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('keeps long sequences stable and exact against float64 (L = 3000, strong decay and growth-free input)', async () => {
    const k = await instantiateScanModule();
    const c = {
      B: 1,
      L: 3000,
      G: 1,
      perGroup: 6,
      N: 16,
      z: true,
      Dskip: true,
      bias: true,
      softplus: true,
    } as const;
    const { x, shape } = wasmProblem({ ...c, h0: true, gLast: false, storage: 'f32', seed: 3 });
    const ref = selectiveScanReference(x, shape, 'float64');
    const y = selectiveForwardWasm(k, new WasmArena(k.mem), x, shape);
    expect(ratio(y.out, ref.out, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
    expect(ratio(y.lastState, ref.lastState, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
  });

  it('underflows decays to exactly zero without NaN (Δ·A far below −87)', async () => {
    const k = await instantiateScanModule();
    const shape = { batch: 1, length: 4, channels: 4, state: 4, groups: 1 };
    const x = {
      u: new Float32Array(16).fill(1),
      delta: new Float32Array(16).fill(500),
      A: new Float32Array(16).fill(-1),
      B: new Float32Array(16).fill(1),
      C: new Float32Array(16).fill(1),
      h0: new Float32Array(16).fill(1e30),
    };
    const y = selectiveForwardWasm(k, new WasmArena(k.mem), x, shape);
    // h_t = 0·h_{t−1} + 500·1·1 every step: the huge h0 is wiped out, not turned into NaN
    expect(Array.from(y.lastState)).toEqual(new Array(16).fill(500));
    expect(Array.from(y.out)).toEqual(new Array(16).fill(2000));
  });
});
