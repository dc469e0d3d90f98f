// The browser side of the browser test: bundled with esbuild, served to headless Chromium, and
// driven from test/browser.test.ts through window.scanTest. Every check compares a backend of the
// page (gpu.js webgl2, webgpu where an adapter answers, seqmod's wasm-simd) with the CPU reference
// and with the fixtures the test passes in, and returns numbers for Node to assert on.

import {
  availableBackends,
  type BackendName,
  createScanner,
  linearScanBackwardReference,
  linearScanReference,
  type ScanArray,
  selectiveScanBackwardReference,
  selectiveScanReference,
} from '../../src/index';
import type { BackwardTile } from '../../src/wgsl-kernel-selective-backward';
import { chooseBackwardTile, type ScanTile } from '../../src/wgsl-tile';
import { ratio } from '../error-ratio';

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

interface Case {
  B: number;
  L: number;
  D: number;
  N: number;
  G: number;
  /** every option (softplus, bias, D, z, h0); else the bare scan Δ = δ */
  full: boolean;
  /** a subgroup-combine case (added when the adapter has subgroups) */
  sg?: boolean;
  /** a state-lanes case */
  lanes?: boolean;
  tile?: Partial<ScanTile>;
}

/** Random arrays of a case: every option when `full`, else the bare scan Δ = δ. */
function caseArrays(r: () => number, c: Case) {
  const { B, L, D, N, G } = c;
  return {
    u: randArray(r, B * L * D),
    delta: c.full ? randArray(r, B * L * D, 1, -1) : randArray(r, B * L * D, 0.4, 0.5),
    A: randArray(r, D * N, 0.5, -1),
    B: randArray(r, B * L * G * N),
    C: randArray(r, B * L * G * N),
    D: c.full ? randArray(r, D) : undefined,
    z: c.full ? randArray(r, B * L * D) : undefined,
    deltaBias: c.full ? randArray(r, D, 0.3) : undefined,
    deltaSoftplus: c.full,
    h0: c.full ? randArray(r, B * D * N) : undefined,
  };
}

/** The scanner inputs of a case's arrays (host tensors; absent options left out). */
function caseInputs(a: ReturnType<typeof caseArrays>, c: Case) {
  const { B, L, D, N, G } = c;
  const t = (data: Float32Array | undefined, sh: number[]) => (data ? { data, shape: sh } : undefined);
  return {
    u: { data: a.u, shape: [B, L, D] },
    delta: { data: a.delta, shape: [B, L, D] },
    A: { data: a.A, shape: [D, N] },
    B: { data: a.B, shape: [B, L, G, N] },
    C: { data: a.C, shape: [B, L, G, N] },
    D: t(a.D, [D]),
    z: t(a.z, [B, L, D]),
    deltaBias: t(a.deltaBias, [D]),
    deltaSoftplus: a.deltaSoftplus,
    h0: t(a.h0, [B, D, N]),
  };
}

/**
 * webgpu-wgsl's kernels against the float64 reference on shapes that cut its tiles every way:
 * partial channel tiles, partial time tiles, L = 1, N odd, grouped B/C staged in workgroup
 * memory and read directly, several tile geometries; plus the linear scan and its adjoint.
 */
async function wgslCases(): Promise<Record<string, number | string>> {
  const r = rnd(11);
  const s = await createScanner({ backend: 'webgpu-wgsl' });
  const res: Record<string, number | string> = { backend: s.backend };
  const cases: Case[] = [
    { B: 2, L: 37, D: 8, N: 4, G: 2, full: true },
    { B: 1, L: 1, D: 3, N: 3, G: 1, full: false },
    { B: 3, L: 130, D: 40, N: 16, G: 1, full: true },
    { B: 2, L: 200, D: 64, N: 8, G: 2, full: true },
    { B: 2, L: 100, D: 48, N: 6, G: 3, full: true },
    {
      B: 2,
      L: 90,
      D: 33,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 4, steps: 4, stateBlock: 1 },
    },
    {
      B: 1,
      L: 150,
      D: 24,
      N: 8,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 16, steps: 2, stateBlock: 4 },
    },
    {
      B: 2,
      L: 300,
      D: 32,
      N: 16,
      G: 1,
      full: false,
      tile: { channels: 32, segments: 2, steps: 16, stateBlock: 4 },
    },
    {
      B: 2,
      L: 333,
      D: 40,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 4, steps: 8, stateBlock: 8 },
    },
    {
      B: 1,
      L: 129,
      D: 16,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 4, steps: 4, stateBlock: 16 },
    },
    {
      B: 2,
      L: 70,
      D: 24,
      N: 8,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 8, steps: 4, stateBlock: 8, stage: false },
    },
    {
      B: 1,
      L: 50,
      D: 20,
      N: 12,
      G: 1,
      full: true,
      tile: { channels: 4, segments: 3, steps: 5, stateBlock: 4 },
    },
    // states split between two threads per channel (part 0 sums y, adds D·u once)
    {
      B: 2,
      L: 150,
      D: 40,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 4, steps: 8, stateBlock: 4, split: 2 },
    },
    // b̄ recomputed in the re-walk, y summed per lane, grouped B/C read directly
    {
      B: 1,
      L: 100,
      D: 24,
      N: 8,
      G: 2,
      full: true,
      tile: { channels: 8, segments: 4, steps: 4, stateBlock: 4, reload: true, yLanes: true },
    },
    // one barrier group per tile (aggregate parity follows the tile), no staging
    {
      B: 2,
      L: 77,
      D: 16,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 2, steps: 4, stateBlock: 16, stage: false },
    },
    // polynomial exp2 (FMA pipe) for two of four vec4 state blocks and the activations
    {
      B: 2,
      L: 140,
      D: 40,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 4, steps: 8, stateBlock: 4, polyExp: 2, polyAct: true },
    },
    // scalar state blocks (W = 1) on N = 3: without, then with every block polynomial
    {
      B: 1,
      L: 60,
      D: 12,
      N: 3,
      G: 1,
      full: true,
      tile: { channels: 4, segments: 4, steps: 4, stateBlock: 1 },
    },
    {
      B: 1,
      L: 60,
      D: 12,
      N: 3,
      G: 1,
      full: true,
      tile: { channels: 4, segments: 4, steps: 4, stateBlock: 1, polyExp: 3 },
    },
  ];
  // the lane layout of the subgroup combine (4 channels × 4 segments per 16 invocations)
  // combined through workgroup memory: needs no subgroups
  cases.push({
    B: 2,
    L: 140,
    D: 40,
    N: 16,
    G: 1,
    full: true,
    tile: { channels: 16, segments: 4, steps: 8, stateBlock: 4, laneLayout: 16 },
  });
  // the segment combine by subgroup shuffles, where the adapter has subgroups of one size: a
  // full tile, a partial time and channel tile read directly (G = 3), and S = 2
  const SG = s.wgsl!.subgroupSize;
  res.subgroupSize = String(SG);
  const sgCases: Case[] = [
    {
      B: 2,
      L: 140,
      D: 40,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 16, segments: 4, steps: 8, stateBlock: 4 },
    },
    {
      B: 2,
      L: 77,
      D: 12,
      N: 8,
      G: 3,
      full: true,
      tile: { channels: 32, segments: 4, steps: 4, stateBlock: 4 },
    },
    {
      B: 1,
      L: 61,
      D: 20,
      N: 4,
      G: 1,
      full: false,
      tile: { channels: 32, segments: 2, steps: 8, stateBlock: 2 },
    },
  ];
  if (SG > 0) {
    for (const c of sgCases) {
      const S = c.tile!.segments!;
      let CH = c.tile!.channels!;
      // a subgroup wider than a workgroup's channels × segments has no layout: more channels
      while ((CH * S) % SG !== 0) CH *= 2;
      if (SG % S !== 0) continue;
      cases.push({ ...c, tile: { ...c.tile, channels: CH, subgroup: SG }, sg: true });
      cases.push({ ...c, tile: { ...c.tile, channels: CH, subgroup: SG, subgroupLog: true }, sg: true });
    }
  }
  // the state-lanes kernel: Q = 1 everywhere; Q = 2 and 4 where subgroups of one size allow
  // them (partial channel tiles, partial loop iterations, grouped B/C, 1, 2 and 4-float blocks)
  const lanesCases: Case[] = [
    { B: 2, L: 45, D: 12, N: 8, G: 3, full: true, tile: { channels: 8, segments: 1, steps: 8, lanes: 1 } },
    { B: 2, L: 141, D: 40, N: 16, G: 1, full: true, tile: { channels: 16, segments: 1, steps: 8, lanes: 4 } },
    { B: 1, L: 77, D: 20, N: 8, G: 2, full: true, tile: { channels: 8, segments: 1, steps: 4, lanes: 4 } },
    { B: 2, L: 50, D: 9, N: 12, G: 1, full: false, tile: { channels: 4, segments: 1, steps: 8, lanes: 4 } },
    { B: 2, L: 63, D: 24, N: 16, G: 1, full: true, tile: { channels: 32, segments: 1, steps: 6, lanes: 2 } },
    {
      B: 2,
      L: 70,
      D: 24,
      N: 8,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 1, steps: 12, lanes: 4 },
    },
    // no full iteration (L < K), and no tail (L a multiple of K)
    { B: 2, L: 3, D: 5, N: 4, G: 1, full: true, tile: { channels: 4, segments: 1, steps: 8, lanes: 4 } },
    { B: 2, L: 64, D: 32, N: 16, G: 2, full: true, tile: { channels: 32, segments: 1, steps: 16, lanes: 4 } },
    // split along L into chunks (aggregates, start states, main pass over B·P rows): with h0,
    // grouped B/C and a tail in every chunk; without h0; one lane per channel
    {
      B: 1,
      L: 96,
      D: 12,
      N: 16,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 1, steps: 8, lanes: 4, chunks: 4 },
    },
    {
      B: 2,
      L: 90,
      D: 20,
      N: 8,
      G: 2,
      full: true,
      tile: { channels: 16, segments: 1, steps: 8, lanes: 4, chunks: 3 },
    },
    {
      B: 2,
      L: 64,
      D: 9,
      N: 4,
      G: 1,
      full: false,
      tile: { channels: 4, segments: 1, steps: 4, lanes: 4, chunks: 2 },
    },
    {
      B: 1,
      L: 50,
      D: 6,
      N: 8,
      G: 1,
      full: true,
      tile: { channels: 8, segments: 1, steps: 4, lanes: 1, chunks: 5 },
    },
  ];
  for (const c of lanesCases) {
    const Q = c.tile!.lanes!;
    if (Q === 1 || (SG > 0 && SG % Q === 0)) cases.push({ ...c, lanes: true });
  }
  try {
    for (const [ci, c] of cases.entries()) {
      s.wgsl!.tileOverride.selective = c.tile ?? {};
      if (c.sg) res[`case${ci}.subgroup`] = String(c.tile!.subgroup);
      if (c.lanes) res[`case${ci}.lanes`] = String(c.tile!.lanes);
      const { B, L, D, N, G } = c;
      const shape = { batch: B, length: L, channels: D, state: N, groups: G };
      const a = caseArrays(r, c);
      const ref = selectiveScanReference(a, shape, 'float64');
      const y = await s.selectiveScan(caseInputs(a, c));
      res[`case${ci}.engine`] = y.info.engine;
      res[`case${ci}.out`] = ratio((y.out as ScanArray).data, ref.out, 1e-3, 1e-4);
      res[`case${ci}.last`] = ratio((y.lastState as ScanArray).data, ref.lastState, 1e-3, 1e-4);
    }
    s.wgsl!.tileOverride.selective = {};
    // the selective backward: partial workgroups, several per group, grouped B/C, W = 1, 2 and 4
    // state blocks, chunks of T = 1, 3, 8 and the rule's steps, spans of one chunk (the rule's on
    // shapes this small) to all of L, with and without every option
    const backwardCases: (Case & { btile?: Partial<BackwardTile> })[] = [
      { B: 2, L: 37, D: 8, N: 4, G: 2, full: true },
      { B: 1, L: 1, D: 3, N: 3, G: 1, full: false },
      { B: 3, L: 130, D: 40, N: 16, G: 1, full: true },
      { B: 2, L: 100, D: 48, N: 6, G: 3, full: true },
      // spans of several chunks, the last span short (and its last chunk); one span
      { B: 2, L: 45, D: 12, N: 8, G: 3, full: true, btile: { channels: 2, steps: 3, span: 12 } },
      { B: 1, L: 50, D: 20, N: 12, G: 1, full: false, btile: { channels: 8, steps: 1, span: 7 } },
      { B: 2, L: 64, D: 33, N: 16, G: 1, full: true, btile: { channels: 16, steps: 8, span: 64 } },
    ];
    // the ∂B, ∂C sums by subgroup shuffles on a tile of its own: spans of two chunks, partial
    // workgroups, grouped B/C (the rule picks them too where the subgroup size divides 2N)
    if (SG > 0 && 16 % SG === 0)
      backwardCases.push({
        B: 2,
        L: 29,
        D: 10,
        N: 8,
        G: 2,
        full: true,
        btile: { channels: SG, steps: 2, span: 4, subgroup: SG },
      });
    // the reverse with a channel's states over Q = 4 and Q = 2 lanes (partial workgroups, grouped
    // B/C, short last spans, with and without every option)
    if (SG >= 4 && SG % 4 === 0) {
      const lanes = (Q: number, c: Omit<Case, 'full'>, full: boolean, steps: number, span: number) =>
        backwardCases.push({ ...c, full, btile: { channels: SG / Q, steps, span, subgroup: SG, lanes: Q } });
      lanes(4, { B: 2, L: 45, D: 12, N: 16, G: 1 }, true, 4, 8);
      lanes(2, { B: 2, L: 37, D: 10, N: 8, G: 2 }, true, 2, 6);
      lanes(2, { B: 1, L: 20, D: 6, N: 8, G: 1 }, false, 4, 20);
    }
    // every case twice: as given (the walks' loads an iteration ahead, the reverse's chunk loads
    // hoisted and, with subgroup sums, its decays kept, as the rule has them), then with those
    // options off (keys bwdp…)
    const runs = [
      ...backwardCases.map((c, ci) => ({ c, tag: `bwd${ci}`, btile: c.btile ?? {} })),
      ...backwardCases.map((c, ci) => ({
        c,
        tag: `bwdp${ci}`,
        btile: { ...c.btile, prefetch: false, hoist: false, keepDecays: false },
      })),
    ];
    for (const { c, tag, btile } of runs) {
      s.wgsl!.tileOverride.backward = btile;
      const { B, L, D, N, G } = c;
      const shape = { batch: B, length: L, channels: D, state: N, groups: G };
      const a = caseArrays(r, c);
      const gOut = randArray(r, B * L * D);
      const gLast = c.full ? randArray(r, B * D * N) : undefined;
      const gref = selectiveScanBackwardReference(a, { gOut, gLastState: gLast }, shape, 'float64');
      const g = await s.selectiveScanBackward({
        ...caseInputs(a, c),
        gOut: { data: gOut, shape: [B, L, D] },
        gLastState: gLast ? { data: gLast, shape: [B, D, N] } : undefined,
      });
      res[`${tag}.engine`] = g.info.engine;
      const bt = chooseBackwardTile(B, L, D, G, N, s.wgsl!.limits, btile, SG);
      res[`${tag}.sums`] =
        `${bt.subgroup ? 'subgroup' : 'workgroup'}${(bt.lanes ?? 1) > 1 ? ` q${bt.lanes}` : ''}`;
      res[`${tag}.loads`] =
        `${bt.prefetch ? 'prefetch' : '-'} ${bt.hoist ? 'hoist' : '-'} ${bt.keepDecays ? 'keep' : '-'}`;
      const names = c.full
        ? (['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'h0'] as const)
        : (['u', 'delta', 'A', 'B', 'C'] as const);
      for (const k of names) res[`${tag}.grad_${k}`] = ratio((g[k] as ScanArray).data, gref[k], 1e-3, 1e-3);
    }
    s.wgsl!.tileOverride.backward = {};
    // linear scan and its adjoint, partial tiles, with and without h0
    for (const [B, L, D, withH0] of [
      [2, 77, 20, true],
      [1, 5, 3, false],
      [2, 300, 40, true],
    ] as const) {
      const la = randArray(r, B * L * D, 0.5, 0.5);
      const lb = randArray(r, B * L * D);
      const h0 = withH0 ? randArray(r, B * D) : undefined;
      const gh = randArray(r, B * L * D);
      const ls = { batch: B, length: L, channels: D };
      const arrays = { a: la, b: lb, h0 };
      const href = linearScanReference(arrays, ls, 'float64');
      const gref = linearScanBackwardReference(arrays, href, gh, ls, 'float64');
      const x = {
        a: { data: la, shape: [B, L, D] },
        b: { data: lb, shape: [B, L, D] },
        h0: h0 ? { data: h0, shape: [B, D] } : undefined,
      };
      const tag = `linear${B}x${L}x${D}`;
      const { h } = await s.linearScan(x);
      res[`${tag}.h`] = ratio((h as ScanArray).data, href, 1e-4, 1e-5);
      const g = await s.linearScanBackward({ ...x, gh: { data: gh, shape: [B, L, D] } });
      res[`${tag}.ga`] = ratio((g.a as ScanArray).data, gref.a, 1e-4, 1e-5);
      res[`${tag}.gb`] = ratio((g.b as ScanArray).data, gref.b, 1e-4, 1e-5);
      if (h0) res[`${tag}.gh0`] = ratio((g.h0 as ScanArray).data, gref.h0, 1e-4, 1e-5);
    }
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
      wgsl(): Promise<Record<string, number | string>>;
      missing(backend: BackendName): Promise<string>;
    };
  }
}

window.scanTest = {
  backends: () => availableBackends(),
  fixture: fixtureCase,
  random: randomCases,
  wgsl: wgslCases,
  missing: async (backend) => {
    try {
      await createScanner({ backend });
      return 'no error';
    } catch (e) {
      return `${(e as Error).name}: ${(e as Error).message}`;
    }
  },
};
