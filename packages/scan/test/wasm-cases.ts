// Random selective-scan problems for the wasm-simd tests: shapes that exercise the kernels'
// corners (L = 1, N not a multiple of 4, groups whose channels are not a multiple of 4, every
// optional operand), with inputs as float32, float64 or plain arrays.
import fc from 'fast-check';
import type { SelectiveScanArrays, SelectiveScanShape } from '../src/index';
import { rand, rng } from './helpers';

export interface WasmCase {
  B: number;
  L: number;
  G: number;
  perGroup: number;
  N: number;
  z: boolean;
  Dskip: boolean;
  bias: boolean;
  softplus: boolean;
  h0: boolean;
  gLast: boolean;
  storage: 'f32' | 'f64' | 'array';
  seed: number;
}

export const wasmCaseArb: fc.Arbitrary<WasmCase> = fc.record({
  B: fc.integer({ min: 1, max: 2 }),
  L: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 45 })),
  G: fc.integer({ min: 1, max: 3 }),
  perGroup: fc.integer({ min: 1, max: 9 }),
  N: fc.constantFrom(1, 3, 4, 5, 8, 16),
  z: fc.boolean(),
  Dskip: fc.boolean(),
  bias: fc.boolean(),
  softplus: fc.boolean(),
  h0: fc.boolean(),
  gLast: fc.boolean(),
  storage: fc.constantFrom('f32', 'f64', 'array'),
  seed: fc.integer({ min: 1, max: 1e6 }),
});

export function wasmProblem(c: WasmCase) {
  const r = rng(c.seed);
  const { B, L, G, N } = c;
  const D = G * c.perGroup;
  const f64 = c.storage !== 'f32';
  const make = (n: number, scale = 1, offset = 0) => {
    const v = rand(r, n, scale, offset, f64);
    return c.storage === 'array' ? Array.from(v) : v;
  };
  const x: SelectiveScanArrays = {
    u: make(B * L * D),
    delta: make(B * L * D, c.softplus ? 1.5 : 0.2, c.softplus ? -1 : 0.3),
    A: make(D * N, 0.5, -0.8),
    B: make(B * L * G * N),
    C: make(B * L * G * N),
    D: c.Dskip ? make(D) : undefined,
    z: c.z ? make(B * L * D, 2) : undefined,
    deltaBias: c.bias ? make(D, 0.3) : undefined,
    deltaSoftplus: c.softplus,
    h0: c.h0 ? make(B * D * N) : undefined,
  };
  const shape: SelectiveScanShape = { batch: B, length: L, channels: D, state: N, groups: G };
  const gOut = make(B * L * D);
  const gLast = c.gLast ? make(B * D * N) : undefined;
  return { x, shape, gOut, gLast };
}
