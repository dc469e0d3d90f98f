// Conformance adapters for @seqmod/scan: fixture op -> library call.
//
// The fixtures follow selective_scan_ref's layout [B, D, L] (B/C [B, N, L] or [B, G, N, L]); the
// library is [B, L, D] (B/C [B, L, N] or [B, L, G, N]), so this adapter moves the time axis on
// the way in and back on the way out. `--backend` picks the scanner backend (default cpu: the
// float64-capable reference; wasm-simd, seqmod's WebAssembly SIMD kernels, and webasm and the
// other gpu.js backends compute in float32).
import {
  type BackendName,
  createScanner,
  type DeviceTensor,
  type ScanArray,
  type Scanner,
} from '@seqmod/scan';
import type { ComputeDType, OpTable, Output, RunOptions } from '../adapter';
import type { Fixture, FixtureTensor } from '../fixture';

const scanners = new Map<string, Promise<Scanner>>();

function scannerFor(backend: string | undefined): Promise<Scanner> {
  const name = (backend ?? 'cpu') as BackendName;
  let s = scanners.get(name);
  if (!s) {
    s = createScanner({ backend: name });
    scanners.set(name, s);
  }
  return s;
}

function alloc(dtype: ComputeDType, n: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

function get(fx: Fixture, name: string): FixtureTensor {
  const t = fx.inputs[name];
  if (!t) throw new Error(`${fx.case}: missing input ${name}`);
  return t;
}

/** [B, X, L] (X = product of the middle axes) -> [B, L, X]. */
function timeToAxis1(
  t: FixtureTensor,
  dtype: ComputeDType,
): { data: Float32Array | Float64Array; shape: number[] } {
  const s = t.shape;
  const B = s[0]!;
  const L = s[s.length - 1]!;
  const mid = s.slice(1, -1);
  const X = mid.reduce((a, b) => a * b, 1);
  const out = alloc(dtype, t.data.length);
  for (let b = 0; b < B; b++)
    for (let x = 0; x < X; x++)
      for (let l = 0; l < L; l++) out[(b * L + l) * X + x] = t.data[(b * X + x) * L + l]!;
  return { data: out, shape: [B, L, ...mid] };
}

/** [B, L, X...] -> [B, X..., L] (the inverse of timeToAxis1). */
function axis1ToTime(a: ScanArray | DeviceTensor): Output {
  const { data, shape } = a as ScanArray;
  const B = shape[0]!;
  const L = shape[1]!;
  const mid = shape.slice(2);
  const X = mid.reduce((p, q) => p * q, 1);
  const out = new Float64Array(data.length);
  for (let b = 0; b < B; b++)
    for (let l = 0; l < L; l++)
      for (let x = 0; x < X; x++) out[(b * X + x) * L + l] = data[(b * L + l) * X + x]!;
  return { shape: [B, ...mid, L], data: out };
}

function plain(t: FixtureTensor, dtype: ComputeDType) {
  const data = alloc(dtype, t.data.length);
  data.set(t.data);
  return { data, shape: t.shape };
}

function asOutput(a: ScanArray | DeviceTensor | undefined, what: string): Output {
  if (!a) throw new Error(`the library produced no ${what}`);
  const { data, shape } = a as ScanArray;
  return { shape, data };
}

/** Which precision the scanner computes in: the reference follows the inputs, wasm-simd and gpu.js are float32. */
function computeDType(scanner: Scanner, options: RunOptions): ComputeDType {
  return scanner.backend === 'cpu' ? options.dtype : 'float32';
}

export const scanOps: OpTable = {
  linear_scan: async (fx, options) => {
    const scanner = await scannerFor(options.backend);
    const dtype = computeDType(scanner, options);
    const x = {
      a: plain(get(fx, 'a'), dtype),
      b: plain(get(fx, 'b'), dtype),
      h0: plain(get(fx, 'h0'), dtype),
    };
    const { h, info } = await scanner.linearScan(x);
    const outputs: Record<string, Output> = { h: asOutput(h, 'h') };
    const g = fx.inputs.g_h ?? fx.inputs.g;
    if (g) {
      const grads = await scanner.linearScanBackward({ ...x, gh: plain(g, dtype) });
      outputs.grad_a = asOutput(grads.a, 'grad_a');
      outputs.grad_b = asOutput(grads.b, 'grad_b');
      outputs.grad_h0 = asOutput(grads.h0, 'grad_h0');
    }
    return { outputs, computedIn: info.computedIn };
  },

  selective_scan: async (fx, options) => {
    const scanner = await scannerFor(options.backend);
    const dtype = computeDType(scanner, options);
    const opt = (name: string) => (fx.inputs[name] ? plain(fx.inputs[name]!, dtype) : undefined);
    const optT = (name: string) => (fx.inputs[name] ? timeToAxis1(fx.inputs[name]!, dtype) : undefined);
    const x = {
      u: timeToAxis1(get(fx, 'u'), dtype),
      delta: timeToAxis1(get(fx, 'delta'), dtype),
      A: plain(get(fx, 'A'), dtype),
      B: timeToAxis1(get(fx, 'B'), dtype),
      C: timeToAxis1(get(fx, 'C'), dtype),
      D: opt('D'),
      z: optT('z'),
      deltaBias: opt('delta_bias'),
      deltaSoftplus: Boolean(fx.params.delta_softplus),
    };
    const { out, lastState, info } = await scanner.selectiveScan(x);
    const outputs: Record<string, Output> = {
      out: axis1ToTime(out),
      last_state: asOutput(lastState, 'last_state'),
    };
    const gOut = optT('g_out');
    if (gOut) {
      const g = await scanner.selectiveScanBackward({ ...x, gOut });
      outputs.grad_u = axis1ToTime(g.u);
      outputs.grad_delta = axis1ToTime(g.delta);
      outputs.grad_A = asOutput(g.A, 'grad_A');
      outputs.grad_B = axis1ToTime(g.B);
      outputs.grad_C = axis1ToTime(g.C);
      if (g.D) outputs.grad_D = asOutput(g.D, 'grad_D');
      if (g.z) outputs.grad_z = axis1ToTime(g.z);
      if (g.deltaBias) outputs.grad_delta_bias = asOutput(g.deltaBias, 'grad_delta_bias');
    }
    return { outputs, computedIn: info.computedIn };
  },
};
