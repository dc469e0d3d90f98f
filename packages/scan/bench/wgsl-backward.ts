// The webgpu-wgsl selective backward on the GPU machine: correctness first (every gradient against
// the float64 reference on small shapes, host and DeviceTensor operands, several tiles; past 2^24
// elements the per-channel gradients on sampled channels, every result written), then GPU time
// with data resident, side by side with gpu.js's webgpu backward in the same process.
//
// Bytes counted (what a fused backward must move at least, backwardBytes): u, δ, z, ḡ_out read
// and ∂u, ∂δ, ∂z written (7 × 4·B·L·D), B, C read and ∂B, ∂C written (4 × 4·B·L·N), small vectors.
// What this implementation moves is more (selectiveBackwardTraffic): the gate and ∂z passes,
// checkpoints every T steps, y through memory, the ∂B/∂C partials.
import {
  createScanner,
  type DeviceTensor,
  nodeWebGPUDevice,
  type ScanArray,
  type Scanner,
  type SelectiveScanArrays,
  type SelectiveScanShape,
  selectiveScanBackwardReference,
} from '../src/index';
import { runAsync } from '../src/plan-driver';
import type { BackwardTile } from '../src/wgsl-kernel-selective-backward';
import { backwardCounts } from '../src/wgsl-kernel-selective-backward';
import { selectiveBackwardDispatch } from '../src/wgsl-selective-backward-run';
import { chooseBackwardTile } from '../src/wgsl-tile';
import { ratio } from '../test/error-ratio';
import { callTimes, median, waitedCallTime } from './call-timing';
import { randArray, rng } from './inputs';
import { dispatchesBody, type PassBody, passTime, wallTime } from './wgsl-ceilings';
import { inputsOf, problem, samplePairs } from './wgsl-checks';

type Log = (...a: unknown[]) => void;

const GRADS = ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias', 'h0'] as const;

/** Bytes a fused selective backward must move at least. */
export function backwardBytes(B: number, L: number, D: number, N: number): number {
  return 4 * (7 * B * L * D + 4 * B * L * N + 3 * D * N + 4 * D);
}

/** Bytes this implementation moves (without h0, ḡ_last): its passes' reads and writes. */
export function selectiveBackwardTraffic(
  B: number,
  L: number,
  D: number,
  N: number,
  t: BackwardTile,
): number {
  const BLD = B * L * D;
  const BLN = B * L * N;
  const { NP, chunks, spans } = backwardCounts(L, D, 1, t);
  const ckpt = B * chunks * D * N;
  const parts = B * L * NP * 2 * N;
  const spanStates = B * spans * D * N;
  // gate: ḡ_out, z → gy; span aggregates: u, δ, gy (δ twice), B, C → 2 states; carries: 2 states
  // read and written; reverse: u, δ (twice), gy, ∂u, ∂δ, y, B, C (twice), ckpt written and read,
  // parts written; ∂z: ḡ_out, z, y → ∂z; sums: parts → ∂B, ∂C
  return (
    4 *
    (3 * BLD +
      (4 * BLD + 2 * BLN + 2 * spanStates) +
      4 * spanStates +
      (8 * BLD + 4 * BLN + 2 * ckpt + parts) +
      4 * BLD +
      (parts + 2 * BLN))
  );
}

/** ḡ_out and ḡ_last of a problem. */
function cotangents(s: SelectiveScanShape, seed: number) {
  const r = rng(seed);
  return {
    gOut: randArray(r, s.batch * s.length * s.channels),
    gLast: randArray(r, s.batch * s.channels * s.state),
  };
}

/** The scanner inputs of a backward problem (host tensors). */
function backwardInputs(a: Required<SelectiveScanArrays>, s: SelectiveScanShape, seed: number) {
  const { gOut, gLast } = cotangents(s, seed);
  const { batch: B, length: L, channels: D, state: N } = s;
  return {
    ...inputsOf(a, s),
    gOut: { data: gOut, shape: [B, L, D] },
    gLastState: { data: gLast, shape: [B, D, N] },
  };
}

/** A tile's short name in the tables: CHxTxTS, sums, lanes, load options. */
function tileLabel(t: BackwardTile): string {
  return `${t.channels}x${t.steps}x${t.span}${t.subgroup ? ' sg' : ''}${t.lanes ? ` q${t.lanes}` : ''}${t.prefetch ? ' pf' : ''}${t.hoist ? ' hoist' : ''}${t.keepDecays ? ' keep' : ''}`;
}

/** Every gradient against the float64 reference on small shapes, tiles, host and device operands. */
export async function backwardSmallChecks(s: Scanner, log: Log): Promise<boolean> {
  const shapes: SelectiveScanShape[] = [
    { batch: 2, length: 45, channels: 12, state: 8, groups: 3 },
    { batch: 3, length: 130, channels: 40, state: 16, groups: 1 },
    { batch: 2, length: 257, channels: 64, state: 16, groups: 2 },
    { batch: 1, length: 1000, channels: 96, state: 16, groups: 1 },
  ];
  const given: Partial<BackwardTile>[] = [
    {},
    { channels: 16, steps: 8, span: 64 },
    { channels: 32, steps: 2, span: 2 },
    { channels: s.wgsl!.subgroupSize, steps: 2, span: 8, subgroup: s.wgsl!.subgroupSize },
    { channels: s.wgsl!.subgroupSize / 4, steps: 4, span: 8, subgroup: s.wgsl!.subgroupSize, lanes: 4 },
    { channels: s.wgsl!.subgroupSize / 2, steps: 8, span: 16, subgroup: s.wgsl!.subgroupSize, lanes: 2 },
  ];
  // each as given (the walks' loads an iteration ahead and the chunks' loads hoisted, by the
  // rule), with both off, and with the reverse's decays kept
  const tiles = [
    ...given,
    ...given.map((t) => ({ ...t, prefetch: false, hoist: false })),
    ...given.map((t) => ({ ...t, keepDecays: true })),
  ];
  let ok = true;
  s.wgsl!.poisonResults = true;
  for (const tile of tiles) {
    s.wgsl!.tileOverride.backward = tile;
    let worst = 0;
    let ran = 0;
    for (const [i, sh] of shapes.entries()) {
      // a tile that does not fit this shape (subgroup sums need SG | 2N) or device is skipped
      try {
        chooseBackwardTile(
          sh.batch,
          sh.length,
          sh.channels,
          sh.groups,
          sh.state,
          s.wgsl!.limits,
          tile,
          s.wgsl!.subgroupSize,
        );
      } catch {
        continue;
      }
      ran++;
      const a = problem(sh, 300 + i);
      const x = backwardInputs(a, sh, 400 + i);
      const ref = selectiveScanBackwardReference(
        a,
        { gOut: x.gOut.data, gLastState: x.gLastState.data },
        sh,
        'float64',
      );
      const g = await s.selectiveScanBackward(x);
      for (const k of GRADS) worst = Math.max(worst, ratio((g[k] as ScanArray).data, ref[k], 1e-3, 1e-3));
      // every operand resident: A, D, bias, h0, ḡ_last copied into the work buffer on the GPU
      const dev: Record<string, unknown> = { deltaSoftplus: true };
      for (const [k, v] of Object.entries(x)) if (typeof v === 'object') dev[k] = await s.upload(v);
      const gr = await s.selectiveScanBackward(dev as never, { resident: true });
      for (const k of GRADS) {
        const t = gr[k] as DeviceTensor;
        worst = Math.max(worst, ratio(await s.download(t), ref[k], 1e-3, 1e-3));
        t.release();
      }
      for (const v of Object.values(dev)) if (typeof v === 'object') (v as DeviceTensor).release();
    }
    ok &&= worst <= 1 && ran > 0;
    log(
      `check backward, small shapes (${ran}), tile ${JSON.stringify(tile)}: worst err/allowed ${worst.toExponential(2)} ${worst <= 1 ? 'PASS' : 'FAIL'}`,
    );
  }
  s.wgsl!.tileOverride.backward = {};
  s.wgsl!.poisonResults = false;
  return ok;
}

/**
 * Worst err/allowed of the per-channel gradients (∂u, ∂δ, ∂z, ∂h0 of each sampled (b, d), and
 * ∂A, ∂D, ∂bias of its d summed over every row) against one-channel float64 problems.
 */
export function sampledBackwardError(
  a: Required<SelectiveScanArrays>,
  gOut: ArrayLike<number>,
  gLast: ArrayLike<number>,
  s: SelectiveScanShape,
  got: Record<(typeof GRADS)[number], ArrayLike<number>>,
  channels: number[],
): number {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const one = { batch: 1, length: L, channels: 1, state: N, groups: 1 };
  let worst = 0;
  for (const d of channels) {
    const g = Math.floor(d / (D / G));
    const sumA = new Float64Array(N);
    let sumD = 0;
    let sumBias = 0;
    for (let b = 0; b < Bn; b++) {
      const seq = (x: ArrayLike<number>) =>
        Float64Array.from({ length: L }, (_, t) => x[(b * L + t) * D + d]!);
      const rows = (x: ArrayLike<number>) =>
        Float64Array.from(
          { length: L * N },
          (_, i) => x[((b * L + Math.floor(i / N)) * G + g) * N + (i % N)]!,
        );
      const state = (x: ArrayLike<number>) =>
        Float64Array.from({ length: N }, (_, n) => x[(b * D + d) * N + n]!);
      const ref = selectiveScanBackwardReference(
        {
          u: seq(a.u),
          delta: seq(a.delta),
          A: Float64Array.from({ length: N }, (_, n) => a.A[d * N + n]!),
          B: rows(a.B),
          C: rows(a.C),
          D: [a.D[d]!],
          z: seq(a.z),
          deltaBias: [a.deltaBias[d]!],
          deltaSoftplus: true,
          h0: state(a.h0),
        },
        { gOut: seq(gOut), gLastState: state(gLast) },
        one,
        'float64',
      );
      worst = Math.max(
        worst,
        ratio(seq(got.u), ref.u, 1e-3, 1e-3),
        ratio(seq(got.delta), ref.delta, 1e-3, 1e-3),
        ratio(seq(got.z), ref.z, 1e-3, 1e-3),
        ratio(state(got.h0), ref.h0, 1e-3, 1e-3),
      );
      for (let n = 0; n < N; n++) sumA[n]! += ref.A[n]!;
      sumD += ref.D[0]!;
      sumBias += ref.deltaBias[0]!;
    }
    const gA = Float64Array.from({ length: N }, (_, n) => got.A[d * N + n]!);
    worst = Math.max(
      worst,
      ratio(gA, sumA, 1e-3, 1e-3),
      ratio([got.D[d]!], [sumD], 1e-3, 1e-3),
      ratio([got.deltaBias[d]!], [sumBias], 1e-3, 1e-3),
    );
  }
  return worst;
}

/** Non-finite elements (a poisoned result left unwritten stays NaN). */
function unwrittenIn(x: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) n++;
  return n;
}

/**
 * The backward past 2^24 elements: every gradient written, per-channel gradients sampled; with
 * the rule's tile changed by `tile` (none: the rule's own).
 */
export async function backwardPastIndexLimit(
  s: Scanner,
  log: Log,
  tile: Partial<BackwardTile> = {},
): Promise<boolean> {
  const sh = { batch: 3, length: 1400, channels: 4000, state: 16, groups: 1 };
  const a = problem(sh, 8);
  const x = backwardInputs(a, sh, 9);
  s.wgsl!.tileOverride.backward = tile;
  s.wgsl!.poisonResults = true;
  const t0 = performance.now();
  const g = await s.selectiveScanBackward(x);
  const ms = performance.now() - t0;
  s.wgsl!.poisonResults = false;
  s.wgsl!.tileOverride.backward = {};
  const got = Object.fromEntries(GRADS.map((k) => [k, (g[k] as ScanArray).data])) as unknown as Record<
    (typeof GRADS)[number],
    ArrayLike<number>
  >;
  let bad = 0;
  for (const k of GRADS) bad += unwrittenIn(got[k]);
  const channels = [0, 31, 32, 3999, ...samplePairs(sh, 12, 4).map(([, d]) => d)];
  const w = sampledBackwardError(a, x.gOut.data, x.gLastState.data, sh, got, channels);
  const pass = w <= 1 && bad === 0;
  log(
    `check backward past 2^24${Object.keys(tile).length ? ` (${JSON.stringify(tile)})` : ''}: B·L·D = ${sh.batch * sh.length * sh.channels} (host in and out, ${ms.toFixed(0)} ms), ` +
      `${bad} gradients unwritten or not finite, ${channels.length} sampled channels × ${sh.batch} rows, worst err/allowed ${w.toExponential(2)} ${pass ? 'PASS' : 'FAIL'}`,
  );
  return pass;
}

/** Resident operands of a timed backward (no h0, no ḡ_last: no copies in the dispatch list). */
async function residentBackward(s: Scanner, sh: SelectiveScanShape, seed: number) {
  const a = problem(sh, seed);
  const { h0: _h, ...x } = inputsOf(a, sh);
  const { gOut } = cotangents(sh, seed + 1);
  const { batch: B, length: L, channels: D } = sh;
  const dev = {
    ...x,
    u: await s.upload(x.u),
    delta: await s.upload(x.delta),
    z: await s.upload(x.z),
    B: await s.upload(x.B),
    C: await s.upload(x.C),
    gOut: await s.upload({ data: gOut, shape: [B, L, D] }),
  };
  const release = () => {
    for (const k of ['u', 'delta', 'z', 'B', 'C', 'gOut'] as const) dev[k].release();
  };
  return { dev, release };
}

/**
 * GPU time of the backward's dispatches (one pass of 10 repetitions, median of 5), of each pass
 * alone, and per scanner call; tile `variants` (the first is what every shape runs) at the first shape.
 */
export async function timeBackward(
  s: Scanner,
  shapes: [number, number, number][],
  variants: Partial<BackwardTile>[],
  gpujs: [number, number, number][],
  log: Log,
  allShapes = false,
): Promise<boolean> {
  const engine = s.wgsl!;
  const device = engine.device;
  let ok = true;
  log(
    '\n| impl | tile CHxTxTS | B·L·D | B | L | D | N | MB counted (moved) | ms GPU, median (min–max) | ms per call, pipelined | GB/s counted | % of 3.35 TB/s | GB/s moved | unwritten |',
  );
  log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const perPass: string[] = [];
  for (const [si, [B, L, D]] of shapes.entries()) {
    const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
    const { dev, release } = await residentBackward(s, sh, 60);
    // tile variants at every shape when `allShapes`, else at the first one only
    for (const tileOver of si === 0 || allShapes ? variants : [{}]) {
      engine.tileOverride.backward = tileOver;
      engine.poisonResults = true;
      const g0 = await s.selectiveScanBackward(dev as never, { resident: true });
      engine.poisonResults = false;
      let bad = 0;
      for (const k of ['u', 'delta', 'A', 'B', 'C', 'D', 'z', 'deltaBias'] as const) {
        const t = g0[k] as DeviceTensor;
        bad += unwrittenIn(await s.download(t));
        t.release();
      }
      ok &&= bad === 0;
      const d = await runAsync(selectiveBackwardDispatch(engine, 'benchBackward', dev as never, sh, true, s));
      const body = dispatchesBody(d.dispatches);
      const t0 = performance.now();
      while (performance.now() - t0 < 400) await wallTime(device, body, 5);
      const times: number[] = [];
      for (let r = 0; r < 5; r++) {
        const t = await passTime(device, body, 10);
        times.push(t ?? (await wallTime(device, body, 10)));
      }
      // each pass alone (its inputs are in place from the runs before), for the default tile
      // and for the rule's tile with a change of its load options only
      const label = `${tileLabel(chooseBackwardTile(B, L, D, 1, 16, engine.limits, tileOver, engine.subgroupSize))}${Object.keys(tileOver).length === 0 ? ' (auto)' : ''}`;
      if (
        Object.keys(tileOver).length === 0 ||
        Object.keys(tileOver).every((k) => ['prefetch', 'hoist', 'keepDecays'].includes(k))
      ) {
        const names = [
          'gate',
          'span aggregates',
          'span carries',
          'reverse',
          '∂z',
          '∂B∂C sums',
          'parameter sums',
        ];
        const each: string[] = [];
        for (const [i, x] of d.dispatches.entries()) {
          const t = await passTime(device, dispatchesBody([x]), 10);
          each.push(`${names[i]} ${t === null ? '?' : t.toFixed(3)}`);
        }
        perPass.push(`  ${B}x${L}x${D} ${label}: ${each.join(', ')} ms`);
      }
      const piped = (
        await callTimes(device, async () => {
          const g = await s.selectiveScanBackward(dev as never, { resident: true });
          for (const k of Object.keys(g)) if (k !== 'info') (g[k as 'u'] as DeviceTensor).release();
        })
      ).total;
      const ms = median(times);
      const counted = backwardBytes(B, L, D, 16);
      const tile = chooseBackwardTile(B, L, D, 1, 16, engine.limits, tileOver, engine.subgroupSize);
      const moved = selectiveBackwardTraffic(B, L, D, 16, tile);
      const gbs = counted / (ms * 1e6);
      log(
        `| webgpu-wgsl | ${label} | ${B * L * D} | ${B} | ${L} | ${D} | 16 | ${(counted / 1e6).toFixed(0)} (${(moved / 1e6).toFixed(0)}) | ` +
          `${ms.toFixed(3)} (${Math.min(...times).toFixed(3)}–${Math.max(...times).toFixed(3)}) | ${piped.toFixed(3)} | ${gbs.toFixed(0)} | ` +
          `${((100 * gbs * 1e9) / 3.35e12).toFixed(1)} | ${(moved / (ms * 1e6)).toFixed(0)} | ${bad} |`,
      );
    }
    engine.tileOverride.backward = {};
    release();
  }
  log(`\nper pass (GPU ms):\n${perPass.join('\n')}`);
  if (gpujs.length > 0) {
    const gs = await createScanner({ backend: 'webgpu' });
    const gdev = nodeWebGPUDevice() as GPUDevice;
    for (const [B, L, D] of gpujs) {
      const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
      for (const [name, sc, dv] of [
        ['webgpu (gpu.js)', gs, gdev],
        ['webgpu-wgsl', s, device],
      ] as const) {
        try {
          const { dev, release } = await residentBackward(sc, sh, 70);
          const call = async () => {
            const g = await sc.selectiveScanBackward(dev as never, { resident: true });
            for (const k of Object.keys(g)) if (k !== 'info') (g[k as 'u'] as DeviceTensor).release();
          };
          await call();
          await dv.queue.onSubmittedWorkDone();
          const sync = await waitedCallTime(dv, call, 3);
          log(
            `| ${name} | per call, sync | ${B * L * D} | ${B} | ${L} | ${D} | 16 | ${(backwardBytes(B, L, D, 16) / 1e6).toFixed(0)} | | ${sync.toFixed(3)} | | | | |`,
          );
          release();
        } catch (e) {
          log(`${name} backward ${B}x${L}x${D} failed: ${(e as Error).message.split('\n')[0]}`);
        }
      }
    }
    gs.destroy();
  }
  return ok;
}

/**
 * What the step's activations cost: the rule's backward at one shape with softplus on (as the
 * tables time it) and off (Δ = δ + bias: no softplus in the walks, no sigmoid in the reverse),
 * interleaved over 5 rounds, median, and the reverse pass alone. An upper bound on what sharing
 * that scalar work over a channel's lanes could save.
 */
export async function timeBackwardActivations(s: Scanner, [B, L, D]: [number, number, number], log: Log) {
  const engine = s.wgsl!;
  const device = engine.device;
  const sh = { batch: B, length: L, channels: D, state: 16, groups: 1 };
  const { dev, release } = await residentBackward(s, sh, 80);
  const bodies: {
    name: string;
    all: PassBody;
    reverse: PassBody;
  }[] = [];
  for (const softplus of [true, false]) {
    const x = { ...dev, deltaSoftplus: softplus };
    const d = await runAsync(
      selectiveBackwardDispatch(engine, `benchAct${softplus ? 1 : 0}`, x as never, sh, true, s),
    );
    // the reverse is the fourth dispatch (after the gate, the span aggregates and carries)
    bodies.push({
      name: `softplus ${softplus ? 'on' : 'off'}`,
      all: dispatchesBody(d.dispatches),
      reverse: dispatchesBody([d.dispatches[3]!]),
    });
  }
  const t0 = performance.now();
  while (performance.now() - t0 < 400) await wallTime(device, bodies[0]!.all, 5);
  const all: number[][] = bodies.map(() => []);
  const rev: number[][] = bodies.map(() => []);
  for (let r = 0; r < 5; r++) {
    for (const [i, b] of bodies.entries()) {
      all[i]!.push((await passTime(device, b.all, 10)) ?? Number.NaN);
      rev[i]!.push((await passTime(device, b.reverse, 10)) ?? Number.NaN);
    }
  }
  for (const [i, b] of bodies.entries())
    log(
      `backward ${B}x${L}x${D}, auto tile, ${b.name}: ${median(all[i]!).toFixed(3)} ms GPU, reverse ${median(rev[i]!).toFixed(3)}`,
    );
  release();
}
