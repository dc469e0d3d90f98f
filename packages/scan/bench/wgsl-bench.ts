// The webgpu-wgsl benchmark, independent of where WebGPU comes from (bench/device-wgsl.ts runs it
// in Node on Dawn; a page can run it with small shapes as a smoke test): correctness against the
// CPU reference (small shapes × tiles, sampled channels at every timed size, past 2^24), the
// device's own ceilings, then timings with data resident on the device, side by side with
// gpu.js's webgpu backend in the same process.
//
// Bytes counted per selective scan (bench/inputs.ts selectiveBytes): u, δ, z read and out written
// (4 × 4·B·L·D), B and C read (2 × 4·B·L·N, G = 1 here), A, D, bias read and the last state
// written. Times (after 400 ms of GPU work: the H100 idles at 345 MHz and ramps slowly):
//   gpu      timestamp queries around a compute pass of 20 dispatches (GPU time per scan), the
//            variants of a shape interleaved over 5 rounds, median (and min–max)
//   rec      wall time of 50 dispatches in one submission (per scan)
//   piped    20 scanner calls (one submission each) before one wait, per call, median of 3 rounds
//   sync     one scanner call and a wait (median of 7)
import {
  createScanner,
  type DeviceTensor,
  linearScanReference,
  nodeWebGPUDevice,
  type ScanArray,
  type Scanner,
  type SelectiveScanShape,
} from '../src/index';
import { runAsync } from '../src/plan-driver';
import { linearForwardDispatch } from '../src/wgsl-linear-run';
import { selectiveForwardDispatch } from '../src/wgsl-selective-forward-run';
import type { ScanTile } from '../src/wgsl-tile';
import { ratio } from '../test/error-ratio';
import { callTimes, median, waitedCallTime } from './call-timing';
import { randArray, rng, selectiveBytes, selectiveFlops } from './inputs';
import { dispatchesBody, measureCeilings, type PassBody, passTime, wallTime } from './wgsl-ceilings';
import { inputsOf, pastIndexLimit, problem, sampledError, samplePairs, smallChecks } from './wgsl-checks';

type Log = (...a: unknown[]) => void;
const PEAK = 3.35e12;

/**
 * Tile variants timed side by side in the full run (`{}` is the scanner's own choice, what a
 * caller gets: the state lanes from B·D·4 = 65536 threads on, the state lanes split along L for
 * B·D ≤ 2048, else the segmented kernel): the segmented default, its S = 8 form, and the state
 * lanes at 4, 8 and 16 steps per iteration.
 */
export const VARIANTS: Partial<ScanTile>[] = [
  {},
  { channels: 32, segments: 4, steps: 8, stateBlock: 4 },
  { channels: 32, segments: 8, steps: 8, stateBlock: 4 },
  { channels: 32, segments: 1, steps: 4, stateBlock: 4, lanes: 4 },
  { channels: 32, segments: 1, steps: 8, stateBlock: 4, lanes: 4 },
  { channels: 32, segments: 1, steps: 16, stateBlock: 4, lanes: 4 },
];

/**
 * --focus: variants timed at the focus shapes, interleaved with the scanner's own choice. Runs
 * 12–15 timed the polynomial exp2 options, fewer barrier groups per tile and the segment combine
 * by subgroup shuffles; runs 16–22 the state-lanes kernel (wgsl-kernel-selective-lanes.ts);
 * run 24 the split along L into P chunks at few long sequences; run 46 segmented tiles of K = 16
 * steps, with and without `reload`; run 50 (this list) the scanner's own choice alone, which at
 * the few-long-sequence shapes is the split, timed pass by pass (bench/results/wgsl-notes.md).
 */
export const FOCUS_VARIANTS: Partial<ScanTile>[] = [{}];

function tileName(t: Partial<ScanTile>): string {
  if (t.lanes)
    return `lanes ${t.lanes}: ${t.channels}ch x ${t.steps} steps${t.chunks ? ` / ${t.chunks} chunks` : ''}`;
  return `${t.channels}x${t.segments}x${t.steps}x${t.stateBlock}${t.split ? `/${t.split}` : ''}${t.reload ? ' reload' : ''}${t.yLanes ? ' ylanes' : ''}${t.polyExp ? ` poly${t.polyExp}` : ''}${t.polyAct ? ' polyact' : ''}${t.stage === false ? ' direct' : ''}${t.subgroup ? ` sg${t.subgroup}${t.subgroupLog ? ' log' : ''}` : ''}${t.laneLayout ? ` lanes${t.laneLayout}` : ''}`;
}

interface Row {
  impl: string;
  tile: string;
  shape: [number, number, number, number];
  /** median GPU time per dispatch over the rounds (timestamps), and its min and max */
  gpu: number | null;
  spread?: [number, number];
  rec: number | null;
  piped: number | null;
  sync: number | null;
  err: number;
}

/** Uploads the timing operands (u, δ, z, B, C resident; A, D, bias on the host: no copies). */
async function residentProblem(s: Scanner, sh: SelectiveScanShape, seed: number) {
  const a = problem(sh, seed);
  a.h0 = new Float32Array(sh.batch * sh.channels * sh.state);
  const x = inputsOf(a, sh);
  const { h0: _, ...rest } = x;
  const dev = {
    ...rest,
    u: await s.upload(x.u),
    delta: await s.upload(x.delta),
    z: await s.upload(x.z),
    B: await s.upload(x.B),
    C: await s.upload(x.C),
  };
  const release = () => {
    for (const k of ['u', 'delta', 'z', 'B', 'C'] as const) dev[k].release();
  };
  return { a, dev, release };
}

async function timeCalls(
  s: Scanner,
  device: GPUDevice,
  dev: unknown,
): Promise<{ sync: number; piped: number }> {
  const call = async () => {
    const y = await s.selectiveScan(dev as never, { resident: true });
    (y.out as DeviceTensor).release();
    (y.lastState as DeviceTensor).release();
  };
  const sync = await waitedCallTime(device, call, 7);
  const piped = await callTimes(device, call);
  return { sync, piped: piped.total };
}

/** Median GPU time per dispatch (ms) of five passes of 20 back-to-back dispatches. */
async function gpuMedian(device: GPUDevice, body: PassBody): Promise<number | null> {
  const v: number[] = [];
  for (let i = 0; i < 5; i++) {
    await wallTime(device, body, 2);
    const t = await passTime(device, body, 20);
    if (t !== null) v.push(t);
  }
  return v.length > 0 ? median(v) : null;
}

/** Elements of `x` that are not finite (a poisoned element a kernel left unwritten is NaN). */
export function unwritten(x: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) n++;
  return n;
}

/**
 * Keeps the GPU busy with `body` for `ms` (the H100 idles at 345 MHz and takes a while to reach
 * 1980: a measurement after host work — a reference check — otherwise times the ramp).
 */
async function busy(device: GPUDevice, body: PassBody, ms: number): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) await wallTime(device, body, 10);
}

const ROUNDS = 5;

async function timeWgsl(
  s: Scanner,
  sh: SelectiveScanShape,
  variants: Partial<ScanTile>[],
  log: Log,
): Promise<Row[]> {
  const engine = s.wgsl!;
  const device = engine.device;
  const { a, dev, release } = await residentProblem(s, sh, 21);
  const pairs = samplePairs(sh, 24, 5);
  const ready: {
    tile: Partial<ScanTile>;
    name: string;
    body: PassBody;
    passes: PassBody[];
    err: number;
  }[] = [];
  for (const tile of variants) {
    engine.tileOverride.selective = tile;
    try {
      // correctness of this variant at this size: every output written (poisoned with NaN
      // first), sampled channels against the float64 reference
      engine.poisonResults = true;
      const y = await s.selectiveScan(dev as never, { resident: true });
      engine.poisonResults = false;
      const out = await s.download(y.out as DeviceTensor);
      const last = await s.download(y.lastState as DeviceTensor);
      const bad = unwritten(out) + unwritten(last);
      const err = bad > 0 ? Number.POSITIVE_INFINITY : sampledError(a, sh, out, last, pairs);
      if (bad > 0) log(`  ${tileName(tile)}: ${bad} outputs unwritten or not finite`);
      (y.out as DeviceTensor).release();
      (y.lastState as DeviceTensor).release();
      const d = await runAsync(
        selectiveForwardDispatch(engine, `bench${ready.length}`, dev as never, sh, true, s),
      );
      // (an L split is three dispatches, also timed one by one)
      const body = dispatchesBody(d.dispatches);
      const passes = d.dispatches.length > 1 ? d.dispatches.map((x) => dispatchesBody([x])) : [];
      const name = Object.keys(tile).length === 0 ? `${tileName(d.tile)} (auto)` : tileName(tile);
      ready.push({ tile, name, body, passes, err });
    } catch (e) {
      engine.poisonResults = false;
      log(`wgsl ${tileName(tile)} ${sh.batch}x${sh.length}x${sh.channels} failed: ${(e as Error).message}`);
    }
  }
  engine.tileOverride.selective = {};
  if (ready.length === 0) {
    release();
    return [];
  }
  // variants interleaved over ROUNDS rounds on a warm GPU: clock drift hits all alike
  await busy(device, ready[0]!.body, 400);
  const times: number[][] = ready.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, v] of ready.entries()) {
      await wallTime(device, v.body, 2);
      const t = await passTime(device, v.body, 20);
      times[i]!.push(t ?? (await wallTime(device, v.body, 20)));
    }
  }
  const rows: Row[] = [];
  for (const [i, v] of ready.entries()) {
    const rec = await wallTime(device, v.body, 50);
    engine.tileOverride.selective = v.tile;
    // the scanner's own calls (host overhead included) for the first variant only
    const t = i === 0 ? await timeCalls(s, device, dev) : { sync: null, piped: null };
    rows.push({
      impl: 'webgpu-wgsl',
      tile: v.name,
      shape: [sh.batch, sh.length, sh.channels, sh.state],
      gpu: median(times[i]!),
      spread: [Math.min(...times[i]!), Math.max(...times[i]!)],
      rec,
      ...t,
      err: v.err,
    });
    log(fmt(rows.at(-1)!));
    if (v.passes.length > 0) {
      // the split's passes alone (their inputs in place from the runs before): what the main
      // pass costs by itself bounds any fusion of the three
      const each: string[] = [];
      for (const pass of v.passes) each.push((await gpuMedian(device, pass))?.toFixed(3) ?? '?');
      log(`  ${v.name} per pass (aggregates, start states, main), ms GPU: ${each.join(', ')}`);
    }
  }
  engine.tileOverride.selective = {};
  release();
  return rows;
}

/**
 * The linear scan h_t = a_t h_{t−1} + b_t with data resident: a, b read and h written once, 12
 * bytes per element. Checked (poisoned output, every element) against the float64 reference.
 */
async function timeLinear(s: Scanner, shapes: [number, number, number][], log: Log): Promise<string[]> {
  const engine = s.wgsl!;
  const rows: string[] = [];
  for (const [B, L, D] of shapes) {
    const r = rng(B * 7 + L);
    const ls = { batch: B, length: L, channels: D };
    const n = B * L * D;
    const la = randArray(r, n, 0.5, 0.5);
    const lb = randArray(r, n);
    const h0 = randArray(r, B * D);
    const x = {
      a: await s.upload({ data: la, shape: [B, L, D] }),
      b: await s.upload({ data: lb, shape: [B, L, D] }),
      h0: { data: h0, shape: [B, D] },
    };
    try {
      engine.poisonResults = true;
      const y = await s.linearScan(x, { resident: true });
      engine.poisonResults = false;
      const h = await s.download(y.h as DeviceTensor);
      (y.h as DeviceTensor).release();
      const ref = linearScanReference({ a: la, b: lb, h0 }, ls, 'float64');
      const err = unwritten(h) > 0 ? Number.POSITIVE_INFINITY : ratio(h, ref, 1e-4, 1e-5);
      const d = await runAsync(linearForwardDispatch(engine, 'bench.linear', x, ls, true, s));
      const body = dispatchesBody([d.dispatch]);
      await busy(engine.device, body, 300);
      const gpu = await gpuMedian(engine.device, body);
      const rec = await wallTime(engine.device, body, 50);
      const best = gpu ?? rec;
      const bytes = 4 * (3 * n + B * D);
      const gbs = bytes / (best * 1e6);
      rows.push(
        `| linear fwd | ${d.chunk} | ${n} | ${B} | ${L} | ${D} | ${(bytes / 1e6).toFixed(1)} | ${gpu?.toFixed(3) ?? ''} | ${rec.toFixed(3)} | ${gbs.toFixed(0)} | ${((100 * gbs * 1e9) / PEAK).toFixed(1)} | ${err.toExponential(1)} |`,
      );
      log(rows.at(-1));
    } catch (e) {
      engine.poisonResults = false;
      log(`linear ${B}x${L}x${D} failed: ${(e as Error).message}`);
    }
    x.a.release();
    x.b.release();
  }
  return rows;
}

/** gpu.js's webgpu backend on the same shape: one resident slab per batch row (its 2^24 block limit). */
async function timeGpujs(g: Scanner, sh: SelectiveScanShape): Promise<Row> {
  const one = { ...sh, batch: 1 };
  const slabs: { dev: Record<string, unknown>; a: ReturnType<typeof problem> }[] = [];
  for (let b = 0; b < sh.batch; b++) {
    const a = problem(one, 40 + b);
    a.h0 = new Float32Array(sh.channels * sh.state);
    const { h0: _, ...x } = inputsOf(a, one);
    slabs.push({
      a,
      dev: {
        ...x,
        u: await g.upload(x.u),
        delta: await g.upload(x.delta),
        z: await g.upload(x.z),
        B: await g.upload(x.B),
        C: await g.upload(x.C),
      },
    });
  }
  const device = nodeWebGPUDevice() as GPUDevice;
  const y0 = await g.selectiveScan(slabs[0]!.dev as never);
  const err = sampledError(
    slabs[0]!.a,
    one,
    (y0.out as ScanArray).data,
    (y0.lastState as ScanArray).data,
    samplePairs(one, 8, 2),
  );
  const all = async () => {
    const outs: DeviceTensor[] = [];
    for (const sl of slabs) {
      const y = await g.selectiveScan(sl.dev as never, { resident: true });
      outs.push(y.out as DeviceTensor, y.lastState as DeviceTensor);
    }
    return outs;
  };
  for (let i = 0; i < 3; i++) {
    for (const o of await all()) o.release();
    await device.queue.onSubmittedWorkDone();
  }
  const syncs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const o = await all();
    await device.queue.onSubmittedWorkDone();
    syncs.push(performance.now() - t0);
    for (const t of o) t.release();
  }
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) for (const o of await all()) o.release();
  await device.queue.onSubmittedWorkDone();
  const piped = (performance.now() - t0) / 5;
  for (const sl of slabs)
    for (const v of Object.values(sl.dev))
      if (v && typeof v === 'object' && 'release' in v) (v as DeviceTensor).release();
  return {
    impl: 'webgpu (gpu.js)',
    tile: 'T=16',
    shape: [sh.batch, sh.length, sh.channels, sh.state],
    gpu: null,
    rec: null,
    piped,
    sync: median(syncs),
    err,
  };
}

export function fmt(r: Row): string {
  const [B, L, D, N] = r.shape;
  const bytes = selectiveBytes(B, L, D, N);
  const { exps } = selectiveFlops(B, L, D, N);
  // the GPU time of the dispatch when timestamps exist (data resident, no host work), else the
  // best wall-clock figure
  const best = r.gpu ?? Math.min(r.rec ?? Number.POSITIVE_INFINITY, r.piped ?? Number.POSITIVE_INFINITY);
  const gbs = bytes / (best * 1e6);
  const f = (v: number | null) => (v === null ? '' : v.toFixed(3));
  return (
    `| ${r.impl} | ${r.tile} | ${B * L * D} | ${B} | ${L} | ${D} | ${N} | ${(bytes / 1e6).toFixed(1)} | ${f(r.gpu)}${r.spread ? ` (${f(r.spread[0])}–${f(r.spread[1])})` : ''} | ${f(r.rec)} | ` +
    `${f(r.piped)} | ${f(r.sync)} | ${gbs.toFixed(0)} | ${((100 * gbs * 1e9) / PEAK).toFixed(1)} | ` +
    `${(exps / (best * 1e-3) / 1e12).toFixed(2)} | ${r.err.toExponential(1)} |`
  );
}

export interface BenchOptions {
  /** shapes [B, L, D] and whether every tile variant runs there (else the default only) */
  shapes: [number, number, number, boolean][];
  /** tile variants (the first one is what "default only" runs) */
  variants: Partial<ScanTile>[];
  /** the small-shape correctness checks run every tile variant */
  allTiles: boolean;
  /** measure the copy and exp2 ceilings */
  ceilings: boolean;
  /** the past-2^24 check */
  past24: boolean;
  /** time gpu.js's webgpu backend at these shapes (Node: its Dawn device) */
  gpujs: [number, number, number][];
  /** warm-up before the ceilings (ms) */
  warmup: number;
  /** linear-scan shapes [B, L, D] to check and time */
  linear: [number, number, number][];
}

/** The whole run; returns whether every check passed. */
export async function runWgslBench(s: Scanner, o: BenchOptions, log: Log): Promise<boolean> {
  const engine = s.wgsl;
  if (!engine) throw new Error(`scanner runs ${s.backend}, expected webgpu-wgsl`);
  log(`backend: ${s.backend}; adapter: ${engine.adapter}`);
  log(
    `limits: ${JSON.stringify(engine.limits)}; subgroups ${engine.subgroups} (size ${engine.subgroupSize}); timestamps ${engine.timestamps}`,
  );
  let ok = await smallChecks(s, o.allTiles ? o.variants : [], log);
  if (o.past24) ok = (await pastIndexLimit(s, log)) && ok;
  log(`correctness ${ok ? 'PASS' : 'FAIL'}`);
  // warm the clocks (idle H100 clocks read 375 MHz) before the ceilings and timings
  if (o.warmup > 0) {
    const [B, L, D] = o.shapes[0]!;
    const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
    const { dev, release } = await residentProblem(s, sh, 9);
    const w0 = performance.now();
    while (performance.now() - w0 < o.warmup) {
      const y = await s.selectiveScan(dev as never, { resident: true });
      await engine.device.queue.onSubmittedWorkDone();
      (y.out as DeviceTensor).release();
      (y.lastState as DeviceTensor).release();
    }
    release();
  }
  const ceil = o.ceilings ? await measureCeilings(engine.device, log) : null;
  const rows: string[] = [
    '| impl | tile CHxSxKxNB | B·L·D | B | L | D | N | MB counted | ms GPU, median (min–max) | ms recorded | ms pipelined | ms sync | GB/s | % of 3.35 TB/s | exp/s (T) | sampled err/allowed |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [B, L, D, all] of o.shapes) {
    const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
    for (const r of await timeWgsl(s, sh, all ? o.variants : [o.variants[0]!], log)) {
      rows.push(fmt(r));
      ok &&= r.err <= 1;
    }
  }
  if (o.gpujs.length > 0) {
    const g = await createScanner({ backend: 'webgpu' });
    for (const [B, L, D] of o.gpujs) {
      try {
        const r = await timeGpujs(g, { batch: B, length: L, channels: D, state: 16, groups: 1 });
        rows.push(fmt(r));
        log(fmt(r));
      } catch (e) {
        log(`gpu.js ${B}x${L}x${D} failed: ${(e as Error).message}`);
      }
    }
    g.destroy();
  }
  const linearRows = await timeLinear(s, o.linear, log);
  if (ceil)
    log(
      `\nceilings here: copyBufferToBuffer ${ceil.copy.toFixed(0)} GB/s, WGSL vec4 copy ${ceil.kernelCopy.toFixed(0)} GB/s, exp2 ${(ceil.exp2 / 1e12).toFixed(2)}e12/s`,
    );
  log(rows.join('\n'));
  if (linearRows.length > 0) {
    log(
      '\n| scan | time tile S·K | B·L·D | B | L | D | MB counted | ms GPU (timestamps) | ms recorded | GB/s | % of 3.35 TB/s | err/allowed |',
    );
    log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    log(linearRows.join('\n'));
    for (const r of linearRows) ok &&= !r.includes('Infinity') && Number(r.split('|').at(-2)) <= 1;
  }
  log(`correctness ${ok ? 'PASS' : 'FAIL'}`);
  return ok;
}
