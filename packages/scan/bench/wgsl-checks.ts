// Correctness on the GPU machine before any timing: webgpu-wgsl against the float64 CPU reference
// on small shapes that cut its tiles every way (every option, DeviceTensor parameters, several
// tile geometries), and, at benchmark sizes and past 2^24 elements, on sampled channels: each
// sampled (b, d) is cut out as a one-channel problem and run through selectiveScanReference.
// Result buffers are poisoned with NaN before each dispatch, so an unwritten output fails.
import {
  type DeviceTensor,
  type ScanArray,
  type Scanner,
  type SelectiveScanArrays,
  type SelectiveScanShape,
  selectiveScanReference,
} from '../src/index';
import { chooseSelectiveTile, type ScanTile, splitProblem } from '../src/wgsl-tile';
import { ratio } from '../test/error-ratio';
import { randArray, rng } from './inputs';

type Log = (...a: unknown[]) => void;

/** Random arrays of a full selective problem (every option). */
export function problem(s: SelectiveScanShape, seed: number): Required<SelectiveScanArrays> {
  const r = rng(seed);
  const { batch: B, length: L, channels: D, state: N, groups: G } = s;
  return {
    u: randArray(r, B * L * D),
    delta: randArray(r, B * L * D, 1, -1),
    A: randArray(r, D * N, 0.5, -1),
    B: randArray(r, B * L * G * N),
    C: randArray(r, B * L * G * N),
    D: randArray(r, D),
    z: randArray(r, B * L * D),
    deltaBias: randArray(r, D, 0.3),
    deltaSoftplus: true,
    h0: randArray(r, B * D * N),
  };
}

/** The scanner inputs of `a` (host tensors). */
export function inputsOf(a: Required<SelectiveScanArrays>, s: SelectiveScanShape) {
  const { batch: B, length: L, channels: D, state: N, groups: G } = s;
  const t = (data: ArrayLike<number>, shape: number[]) => ({ data, shape });
  return {
    u: t(a.u, [B, L, D]),
    delta: t(a.delta, [B, L, D]),
    A: t(a.A, [D, N]),
    B: t(a.B, [B, L, G, N]),
    C: t(a.C, [B, L, G, N]),
    D: t(a.D, [D]),
    z: t(a.z, [B, L, D]),
    deltaBias: t(a.deltaBias, [D]),
    deltaSoftplus: true,
    h0: t(a.h0, [B, D, N]),
  };
}

/** Worst err/allowed of `out`, `last` against the reference on channels `pairs` (b, d). */
export function sampledError(
  a: Required<SelectiveScanArrays>,
  s: SelectiveScanShape,
  out: ArrayLike<number>,
  last: ArrayLike<number>,
  pairs: [number, number][],
): number {
  const { length: L, channels: D, state: N, groups: G } = s;
  let worst = 0;
  for (const [b, d] of pairs) {
    const g = Math.floor(d / (D / G));
    const u = new Float64Array(L);
    const dl = new Float64Array(L);
    const z = new Float64Array(L);
    const Bm = new Float64Array(L * N);
    const Cm = new Float64Array(L * N);
    const o = new Float64Array(L);
    for (let t = 0; t < L; t++) {
      const i = (b * L + t) * D + d;
      u[t] = a.u[i]!;
      dl[t] = a.delta[i]!;
      z[t] = a.z[i]!;
      o[t] = out[i]!;
      for (let n = 0; n < N; n++) {
        Bm[t * N + n] = a.B[((b * L + t) * G + g) * N + n]!;
        Cm[t * N + n] = a.C[((b * L + t) * G + g) * N + n]!;
      }
    }
    const one = { batch: 1, length: L, channels: 1, state: N, groups: 1 };
    const ref = selectiveScanReference(
      {
        u,
        delta: dl,
        A: Array.from({ length: N }, (_, n) => a.A[d * N + n]!),
        B: Bm,
        C: Cm,
        D: [a.D[d]!],
        z,
        deltaBias: [a.deltaBias[d]!],
        deltaSoftplus: true,
        h0: Array.from({ length: N }, (_, n) => a.h0[(b * D + d) * N + n]!),
      },
      one,
      'float64',
    );
    const got = Array.from({ length: N }, (_, n) => last[(b * D + d) * N + n]!);
    worst = Math.max(worst, ratio(o, ref.out), ratio(got, ref.lastState));
  }
  return worst;
}

/** Channels to sample: the first and last of every batch row, tile edges, and random ones. */
export function samplePairs(s: SelectiveScanShape, count: number, seed: number): [number, number][] {
  const r = rng(seed);
  const out: [number, number][] = [];
  for (let b = 0; b < s.batch; b++) out.push([b, 0], [b, s.channels - 1], [b, Math.min(31, s.channels - 1)]);
  while (out.length < count) out.push([Math.floor(r() * s.batch), Math.floor(r() * s.channels)]);
  return out;
}

/** Small shapes × tiles against the full reference, host and DeviceTensor operands. */
export async function smallChecks(s: Scanner, tiles: Partial<ScanTile>[], log: Log): Promise<boolean> {
  const shapes: SelectiveScanShape[] = [
    { batch: 2, length: 45, channels: 12, state: 8, groups: 3 },
    { batch: 3, length: 130, channels: 40, state: 16, groups: 1 },
    { batch: 2, length: 257, channels: 64, state: 16, groups: 2 },
    // L = 2^8 · 3: every L split of the benchmarks divides it
    { batch: 2, length: 768, channels: 40, state: 16, groups: 1 },
  ];
  let ok = true;
  // every result poisoned with NaN before its dispatch: an unwritten element fails the ratio
  s.wgsl!.poisonResults = true;
  for (const tile of [{}, ...tiles.filter((t) => Object.keys(t).length > 0)]) {
    s.wgsl!.tileOverride.selective = tile;
    let worst = 0;
    let ran = 0;
    for (const [i, sh] of shapes.entries()) {
      // a state block (and split) must divide N: such a tile is checked on the other shapes
      const t = tile as Partial<ScanTile>;
      if (splitProblem(sh.state, t.stateBlock ?? 1, t.split ?? 1)) continue;
      // an L split must divide L: such a tile is checked on the shapes it divides
      if (t.chunks && sh.length % t.chunks !== 0) continue;
      // a tile this device cannot hold is skipped (the benchmark reports it too)
      try {
        chooseSelectiveTile(sh.batch, sh.channels, sh.state, sh.groups, s.wgsl!.limits, t);
      } catch (e) {
        log(`  tile ${JSON.stringify(tile)} skipped: ${(e as Error).message}`);
        continue;
      }
      const a = problem(sh, 100 + i);
      const ref = selectiveScanReference(a, sh, 'float64');
      const x = inputsOf(a, sh);
      let y: Awaited<ReturnType<Scanner['selectiveScan']>>;
      try {
        y = await s.selectiveScan(x);
      } catch (e) {
        // a variant the driver cannot compile (registers at this workgroup size) is skipped;
        // the default tile never is: its failure fails the check
        if (Object.keys(tile).length === 0 || !(e as Error).message.includes('failed to build')) throw e;
        log(`  tile ${JSON.stringify(tile)} skipped: ${(e as Error).message.split('\n')[0]}`);
        break;
      }
      ran++;
      worst = Math.max(
        worst,
        ratio((y.out as ScanArray).data, ref.out),
        ratio((y.lastState as ScanArray).data, ref.lastState),
      );
      // every operand resident, parameters copied into the packed buffer on the GPU
      const dev: Record<string, unknown> = { deltaSoftplus: true };
      for (const [k, v] of Object.entries(x)) if (typeof v === 'object') dev[k] = await s.upload(v);
      const yr = await s.selectiveScan(dev as never, { resident: true });
      worst = Math.max(worst, ratio(await s.download(yr.out as DeviceTensor), ref.out));
      (yr.out as DeviceTensor).release();
      (yr.lastState as DeviceTensor).release();
      for (const v of Object.values(dev)) if (typeof v === 'object') (v as DeviceTensor).release();
    }
    if (ran === 0) continue;
    ok &&= worst <= 1;
    log(
      `check small shapes (${ran}), tile ${JSON.stringify(tile)}: worst err/allowed ${worst.toExponential(2)} ${worst <= 1 ? 'PASS' : 'FAIL'}`,
    );
  }
  s.wgsl!.tileOverride.selective = {};
  s.wgsl!.poisonResults = false;
  return ok;
}

/** A selective scan past 2^24 elements (partial tiles in D and L), checked on sampled channels. */
export async function pastIndexLimit(s: Scanner, log: Log): Promise<boolean> {
  const sh = { batch: 3, length: 1400, channels: 4000, state: 16, groups: 1 };
  const a = problem(sh, 7);
  s.wgsl!.poisonResults = true;
  const t0 = performance.now();
  const y = await s.selectiveScan(inputsOf(a, sh));
  const ms = performance.now() - t0;
  s.wgsl!.poisonResults = false;
  let unwritten = 0;
  for (const v of (y.out as ScanArray).data) if (!Number.isFinite(v)) unwritten++;
  if (unwritten > 0) log(`  past 2^24: ${unwritten} outputs unwritten or not finite`);
  const w = sampledError(
    a,
    sh,
    (y.out as ScanArray).data,
    (y.lastState as ScanArray).data,
    samplePairs(sh, 48, 3),
  );
  const pass = w <= 1 && unwritten === 0;
  log(
    `check past 2^24: B·L·D = ${sh.batch * sh.length * sh.channels} (host in and out, ${ms.toFixed(0)} ms), ` +
      `every output written, 48 sampled channels, worst err/allowed ${w.toExponential(2)} ${pass ? 'PASS' : 'FAIL'}`,
  );
  return pass;
}
