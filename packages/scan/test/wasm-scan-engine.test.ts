// The wasm-simd engine: its own module instance per engine, call counting, and the four scans
// agreeing with the reference on one problem (the drivers' property tests cover the rest).
import { describe, expect, it } from 'vitest';
import { linearScanReference, selectiveScanReference } from '../src/index';
import { WasmScanEngine } from '../src/wasm-scan-engine';
import { ratio } from './helpers';
import { wasmProblem } from './wasm-cases';

describe('WasmScanEngine', () => {
  it('runs the scans and counts its kernel calls', async () => {
    const e = await WasmScanEngine.create();
    const c = {
      B: 2,
      L: 13,
      G: 1,
      perGroup: 6,
      N: 3,
      z: true,
      Dskip: true,
      bias: true,
      softplus: true,
      h0: true,
      gLast: true,
      storage: 'f32',
      seed: 4,
    } as const;
    const { x, shape, gOut, gLast } = wasmProblem(c);
    const y = e.selectiveForward(x, shape);
    expect(ratio(y.out, selectiveScanReference(x, shape, 'float64').out, 2e-4, 2e-5)).toBeLessThanOrEqual(1);
    expect(e.calls).toBe(2);
    e.selectiveBackward(x, { gOut, gLastState: gLast }, shape);
    expect(e.calls).toBe(4);
    const lin = { a: x.u, b: x.delta };
    const ls = { batch: 2, length: 13, channels: 6 };
    expect(
      ratio(e.linearForward(lin, ls), linearScanReference(lin, ls, 'float64'), 1e-4, 1e-5),
    ).toBeLessThanOrEqual(1);
    e.linearBackward(lin, gOut, ls);
    expect(e.calls).toBe(4 + 2 + 4);
  });
});
