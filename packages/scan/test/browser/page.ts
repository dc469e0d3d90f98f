// The browser side of the browser test: bundled with esbuild, served to headless Chromium, and
// driven from test/browser.test.ts through window.scanTest. Every check compares a backend of the
// page (gpu.js webgl2, webgpu where an adapter answers, seqmod's wasm-simd) with the CPU reference
// and with the fixtures the test passes in, and returns numbers for Node to assert on.
import {
  availableBackends,
  type BackendName,
  createScanner,
  linearScanReference,
  type ScanArray,
  selectiveScanBackwardReference,
  selectiveScanReference,
} from '../../src/index';

interface FixtureTensor {
  shape: number[];
  data: number[];
}
interface Fixture {
  op: string;
  case: string;
  params: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  expected: Record<string, FixtureTensor>;
  tolerance: { rtol32: number; atol32: number };
}

function rnd(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randArray(r: () => number, n: number, scale = 1, offset = 0): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = offset + scale * (2 * r() - 1);
  return a;
}

/** max |x − ref| / (atol + rtol |ref|) */
function ratio(x: ArrayLike<number>, ref: ArrayLike<number>, rtol: number, atol: number): number {
  if (x.length !== ref.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const e = Math.abs(x[i]! - ref[i]!);
    const r = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e / (atol + rtol * Math.abs(ref[i]!));
    if (r > m) m = r;
  }
  return m;
}

function toBLD(t: FixtureTensor): { data: Float32Array; shape: number[] } {
  const s = t.shape;
  const B = s[0]!;
  const L = s[s.length - 1]!;
  const mid = s.slice(1, -1);
  const X = mid.reduce((a, b) => a * b, 1);
  const out = new Float32Array(t.data.length);
  for (let b = 0; b < B; b++)
    for (let x = 0; x < X; x++)
      for (let l = 0; l < L; l++) out[(b * L + l) * X + x] = t.data[(b * X + x) * L + l]!;
  return { data: out, shape: [B, L, ...mid] };
}

function fromBLD(a: ScanArray): Float64Array {
  const { data, shape } = a;
  const B = shape[0]!;
  const L = shape[1]!;
  const X = shape.slice(2).reduce((p, q) => p * q, 1);
  const out = new Float64Array(data.length);
  for (let b = 0; b < B; b++)
    for (let l = 0; l < L; l++)
      for (let x = 0; x < X; x++) out[(b * X + x) * L + l] = data[(b * L + l) * X + x]!;
  return out;
}

function plain(t: FixtureTensor) {
  return { data: Float32Array.from(t.data), shape: t.shape };
}

async function fixtureCase(backend: BackendName, fx: Fixture): Promise<Record<string, number>> {
  const s = await createScanner({ backend });
  const { rtol32, atol32 } = fx.tolerance;
  const res: Record<string, number> = {};
  try {
    if (fx.op === 'linear_scan') {
      const { h } = await s.linearScan({
        a: plain(fx.inputs.a!),
        b: plain(fx.inputs.b!),
        h0: plain(fx.inputs.h0!),
      });
      res.h = ratio((h as ScanArray).data, fx.expected.h!.data, rtol32, atol32);
      return res;
    }
    const opt = (n: string) => (fx.inputs[n] ? plain(fx.inputs[n]!) : undefined);
    const x = {
      u: toBLD(fx.inputs.u!),
      delta: toBLD(fx.inputs.delta!),
      A: plain(fx.inputs.A!),
      B: toBLD(fx.inputs.B!),
      C: toBLD(fx.inputs.C!),
      D: opt('D'),
      z: fx.inputs.z ? toBLD(fx.inputs.z) : undefined,
      deltaBias: opt('delta_bias'),
      deltaSoftplus: Boolean(fx.params.delta_softplus),
    };
    const y = await s.selectiveScan(x);
    res.out = ratio(fromBLD(y.out as ScanArray), fx.expected.out!.data, rtol32, atol32);
    res.last_state = ratio((y.lastState as ScanArray).data, fx.expected.last_state!.data, rtol32, atol32);
    if (fx.inputs.g_out) {
      const g = await s.selectiveScanBackward({ ...x, gOut: toBLD(fx.inputs.g_out) });
      const pairs: [string, Float64Array | ArrayLike<number>][] = [
        ['grad_u', fromBLD(g.u as ScanArray)],
        ['grad_delta', fromBLD(g.delta as ScanArray)],
        ['grad_A', (g.A as ScanArray).data],
        ['grad_B', fromBLD(g.B as ScanArray)],
        ['grad_C', fromBLD(g.C as ScanArray)],
      ];
      if (g.D) pairs.push(['grad_D', (g.D as ScanArray).data]);
      if (g.z) pairs.push(['grad_z', fromBLD(g.z as ScanArray)]);
      if (g.deltaBias) pairs.push(['grad_delta_bias', (g.deltaBias as ScanArray).data]);
      for (const [name, v] of pairs) res[name] = ratio(v, fx.expected[name]!.data, rtol32, atol32);
    }
    return res;
  } finally {
    s.destroy();
  }
}

/** Random selective scans (both forms, grouped, with h0 and a last-state cotangent) against the reference. */
async function randomCases(backend: BackendName): Promise<Record<string, number | string>> {
  const r = rnd(7);
  const s = await createScanner({ backend });
  const res: Record<string, number | string> = { backend: s.backend };
  const B = 2;
  const L = 37;
  const D = 8;
  const N = 4;
  const G = 2;
  const shape = { batch: B, length: L, channels: D, state: N, groups: G };
  const u = randArray(r, B * L * D);
  const delta = randArray(r, B * L * D, 0.5);
  const A = randArray(r, D * N, 0.5, -1);
  const Bm = randArray(r, B * L * G * N);
  const Cm = randArray(r, B * L * G * N);
  const Dv = randArray(r, D);
  const z = randArray(r, B * L * D);
  const bias = randArray(r, D, 0.3);
  const h0 = randArray(r, B * D * N);
  const gOut = randArray(r, B * L * D);
  const gLast = randArray(r, B * D * N);
  const arrays = { u, delta, A, B: Bm, C: Cm, D: Dv, z, deltaBias: bias, deltaSoftplus: true, h0 };
  const ref = selectiveScanReference(arrays, shape, 'float64');
  const gref = selectiveScanBackwardReference(arrays, { gOut, gLastState: gLast }, shape, 'float64');
  const x = {
    u: { data: u, shape: [B, L, D] },
    delta: { data: delta, shape: [B, L, D] },
    A: { data: A, shape: [D, N] },
    B: { data: Bm, shape: [B, L, G, N] },
    C: { data: Cm, shape: [B, L, G, N] },
    D: { data: Dv, shape: [D] },
    z: { data: z, shape: [B, L, D] },
    deltaBias: { data: bias, shape: [D] },
    deltaSoftplus: true,
    h0: { data: h0, shape: [B, D, N] },
  };
  try {
    for (const form of ['sequential', 'chunked'] as const) {
      const y = await s.selectiveScan(x, { form, chunk: 8 });
      res[`${form}.backend`] = y.info.backend;
      res[`${form}.out`] = ratio((y.out as ScanArray).data, ref.out, 1e-3, 1e-4);
      res[`${form}.last`] = ratio((y.lastState as ScanArray).data, ref.lastState, 1e-3, 1e-4);
      const g = await s.selectiveScanBackward(
        { ...x, gOut: { data: gOut, shape: [B, L, D] }, gLastState: { data: gLast, shape: [B, D, N] } },
        { form, chunk: 8 },
      );
      for (const k of ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'h0'] as const) {
        res[`${form}.grad_${k}`] = ratio((g[k] as ScanArray).data, gref[k], 1e-3, 1e-3);
      }
    }
    // linear scan, both forms
    const a = randArray(r, B * L * D, 0.5, 0.5);
    const b = randArray(r, B * L * D);
    const hl = randArray(r, B * D);
    const lref = linearScanReference({ a, b, h0: hl }, { batch: B, length: L, channels: D }, 'float64');
    for (const form of ['sequential', 'chunked'] as const) {
      const { h } = await s.linearScan(
        {
          a: { data: a, shape: [B, L, D] },
          b: { data: b, shape: [B, L, D] },
          h0: { data: hl, shape: [B, D] },
        },
        { form, chunk: 8 },
      );
      res[`${form}.linear`] = ratio((h as ScanArray).data, lref, 1e-4, 1e-5);
    }
    // resident: inputs uploaded once, results stay on the device, then one download
    const dev = {
      ...x,
      u: await s.upload(x.u),
      delta: await s.upload(x.delta),
      B: await s.upload(x.B),
      C: await s.upload(x.C),
      z: await s.upload(x.z),
    };
    const yr = await s.selectiveScan(dev, { resident: true });
    const outDev = yr.out as import('../../src/index').DeviceTensor;
    res['resident.out'] = ratio(await s.download(outDev), ref.out, 1e-3, 1e-4);
    // two results of one kernel kept alive must be two buffers (immutable kernels)
    const y2 = await s.selectiveScan(
      { ...dev, u: await s.upload({ data: u.map((v) => 2 * v), shape: [B, L, D] }) },
      { resident: true },
    );
    const first = await s.download(outDev);
    const second = await s.download(y2.out as import('../../src/index').DeviceTensor);
    res['resident.firstStillFirst'] = ratio(first, ref.out, 1e-3, 1e-4);
    let same = 0;
    for (let i = 0; i < first.length; i++) if (first[i] === second[i]) same++;
    res['resident.sameElements'] = same;
    return res;
  } finally {
    s.destroy();
  }
}

declare global {
  interface Window {
    scanTest: {
      backends(): Promise<string[]>;
      fixture(backend: BackendName, fx: Fixture): Promise<Record<string, number>>;
      random(backend: BackendName): Promise<Record<string, number | string>>;
      missing(backend: BackendName): Promise<string>;
    };
  }
}

window.scanTest = {
  backends: () => availableBackends(),
  fixture: fixtureCase,
  random: randomCases,
  missing: async (backend) => {
    try {
      await createScanner({ backend });
      return 'no error';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  },
};
