// The wasm-simd selective scan backward (reverse scan with recomputation from checkpoints) equals
// the float64 reference's gradients, with several chunks and tiles, on random shapes and options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectiveScanBackwardReference } from '../src/index';
import { WasmArena } from '../src/wasm-arena';
import { instantiateScanModule } from '../src/wasm-scan-module';
import { selectiveBackwardWasm } from '../src/wasm-selective-backward-run';
import { ratio } from './helpers';
import { wasmCaseArb, wasmProblem } from './wasm-cases';

describe('selectiveBackwardWasm', () => {
  it('equals the reference gradients (random shapes, every option, chunks and tiles)', async () => {
    const k = await instantiateScanModule();
    const arena = new WasmArena(k.mem);
    await fc.assert(
      fc.asyncProperty(
        wasmCaseArb,
        fc.constantFrom(1, 4, 7, 32),
        fc.constantFrom(64, 2048, 65536),
        async (c, chunk, tileBytes) => {
          const { x, shape, gOut, gLast } = wasmProblem(c);
          const g = selectiveBackwardWasm(k, arena, x, { gOut, gLastState: gLast }, shape, chunk, tileBytes);
          const ref = selectiveScanBackwardReference(x, { gOut, gLastState: gLast }, shape, 'float64');
          const names = ['u', 'delta', 'A', 'B', 'C', 'h0'] as const;
          for (const n of names) expect(ratio(g[n], ref[n], 1e-3, 1e-4), n).toBeLessThanOrEqual(1);
          if (c.Dskip) expect(ratio(g.D, ref.D, 1e-3, 1e-4), 'D').toBeLessThanOrEqual(1);
          if (c.z) expect(ratio(g.z, ref.z, 1e-3, 1e-4), 'z').toBeLessThanOrEqual(1);
          if (c.bias) expect(ratio(g.deltaBias, ref.deltaBias, 1e-3, 1e-4), 'bias').toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60, seed: 23 },
    );
  });

  it('matches a finite difference of the forward pass (softplus, gate, groups)', async () => {
    const k = await instantiateScanModule();
    const arena = new WasmArena(k.mem);
    const c = {
      B: 1,
      L: 9,
      G: 2,
      perGroup: 3,
      N: 5,
      z: true,
      Dskip: true,
      bias: true,
      softplus: true,
      h0: true,
      gLast: false,
      storage: 'f64',
      seed: 11,
    } as const;
    const { x, shape, gOut } = wasmProblem(c);
    const g = selectiveBackwardWasm(k, arena, x, { gOut }, shape, 4);
    // directional derivative along a random direction in δ, checked against the reference loss
    const { selectiveScanReference } = await import('../src/index');
    const loss = (delta: ArrayLike<number>) => {
      const y = selectiveScanReference({ ...x, delta }, shape, 'float64').out;
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * (gOut[i] as number);
      return s;
    };
    const dir = Array.from({ length: x.delta.length }, (_, i) => Math.sin(i + 1));
    const eps = 1e-5;
    const plus = loss(Array.from(x.delta as ArrayLike<number>, (v, i) => v + eps * dir[i]!));
    const minus = loss(Array.from(x.delta as ArrayLike<number>, (v, i) => v - eps * dir[i]!));
    let analytic = 0;
    for (let i = 0; i < dir.length; i++) analytic += g.delta[i]! * dir[i]!;
    expect(analytic).toBeCloseTo((plus - minus) / (2 * eps), 3);
  });
});
