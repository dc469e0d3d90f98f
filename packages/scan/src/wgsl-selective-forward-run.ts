// Host side of the webgpu-wgsl selective forward: binds the operands, packs the small ones,
// picks the tile, and records one dispatch (wgsl-kernel-selective-forward.ts, or
// wgsl-kernel-selective-lanes.ts for a `lanes` tile).
//
// Shapes: u, δ, z, out [B, L, D]; A [D, N]; B, C [B, L, G, N]; D, bias [D]; h0, last [B, D, N].
// The kernel binds at most 8 storage buffers (WebGPU's default per stage), so A, D, bias and h0
// travel in one parameter buffer `prm` = A | D | bias | h0 (what is given): host values are
// written into it, DeviceTensors copied into it on the GPU before the dispatch.
import type { DeviceArray } from './device-array';
import type { ScanOperand } from './device-tensor';
import type { Plan } from './plan-driver';
import type { SelectiveScanShape } from './scan-shapes';
import type { SelectiveScanInputs } from './selective-scan-op';
import { checkU32Indices } from './wgsl-index';
import {
  CARRIES_DIMS_WORDS,
  selectiveCarriesKey,
  selectiveCarriesSource,
} from './wgsl-kernel-selective-carries';
import {
  type SelectiveForwardSpec,
  selectiveDims,
  selectiveForwardKey,
  selectiveForwardSource,
} from './wgsl-kernel-selective-forward';
import {
  type SelectiveLanesSpec,
  selectiveLanesKey,
  selectiveLanesSource,
} from './wgsl-kernel-selective-lanes';
import { packOperands } from './wgsl-pack';
import { pipelineOf, type WgslDispatch, type WgslScanEngine } from './wgsl-scan-engine';
import { chooseSelectiveTile, type ScanTile } from './wgsl-tile';

export interface WgslSelectiveForward {
  /** pooled buffers when resident, else host arrays */
  out: DeviceArray | Float32Array;
  last: DeviceArray | Float32Array;
  dispatches: number;
  tile: ScanTile;
}

/**
 * Fills `prm` (A | D | bias | h0) and returns the offsets of D, bias and h0 in it. With an L
 * split into `chunks` P > 1 the h0 region holds the start states of every chunk [B·P, D, N]
 * (written on the GPU by the carries pass) and the given h0 of row b goes to chunk 0, row b·P.
 */
export function packParams(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanInputs,
  s: SelectiveScanShape,
  owner: object,
  chunks = 1,
): {
  prm: GPUBuffer;
  copies: WgslDispatch['copies'];
  floats: number;
  skip: number;
  bias: number;
  h0: number;
} {
  const { batch: Bn, channels: D, state: N } = s;
  const DN = D * N;
  const parts: [string, ScanOperand | undefined, number][] = [
    ['A', x.A, DN],
    ['D', x.D, D],
    ['deltaBias', x.deltaBias, D],
    ['h0', x.h0, Bn * DN],
  ];
  let floats = 0;
  const at: number[] = [];
  for (const [name, v, n] of parts) {
    at.push(floats);
    if (name === 'h0' && chunks > 1) floats += Bn * chunks * DN;
    else if (v !== undefined) floats += n;
  }
  engine.checkBinding(op, 'A | D | deltaBias | h0', floats);
  const prm = engine.scratchBuffer(`${op}.prm`, floats);
  const copies = packOperands(
    engine,
    op,
    prm,
    parts.map(([name, value, n], i) => ({
      name,
      value,
      floats: n,
      // h0 of row b to chunk 0 of row b when split
      pieces:
        name === 'h0' && chunks > 1
          ? Array.from({ length: Bn }, (_, b): [number, number, number] => [
              b * DN,
              at[i]! + b * chunks * DN,
              DN,
            ])
          : [[0, at[i]!, n]],
    })),
    owner,
  );
  return { prm, copies, floats, skip: at[1]!, bias: at[2]!, h0: at[3]! };
}

/**
 * The dispatches of one selective forward (also what the benchmark repeats): one, or for a
 * state-lanes tile with `chunks` P > 1 (an L split) three: the aggregates of every chunk, the
 * chunks' start states (wgsl-kernel-selective-carries.ts), and the main pass over the B·P
 * chunks as batch rows of L/P steps (the [B, L, D] and [B, L, G, N] layouts are [B·P, L/P, …]).
 */
export function* selectiveForwardDispatch(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanInputs,
  s: SelectiveScanShape,
  resident: boolean,
  owner: object,
): Plan<{ dispatches: WgslDispatch[]; out: GPUBuffer; last: GPUBuffer; tile: ScanTile }> {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const { tile, staged } = chooseSelectiveTile(
    Bn,
    D,
    N,
    G,
    engine.limits,
    engine.tileOverride.selective,
    engine.subgroupSize,
    L,
  );
  // the shuffle combine is generated for one subgroup size: the device's, fixed (wgsl-device.ts)
  if (tile.subgroup && tile.subgroup !== engine.subgroupSize)
    throw new RangeError(
      `selective tile subgroup ${tile.subgroup}: the device's fixed subgroup size is ${engine.subgroupSize || 'none'}`,
    );
  // the state lanes exchange values by shuffles within a subgroup: Q must divide its size
  const Q = tile.lanes ?? 0;
  if (Q > 1 && (engine.subgroupSize === 0 || engine.subgroupSize % Q !== 0))
    throw new RangeError(
      `selective tile lanes ${Q}: needs subgroups of a fixed size that ${Q} divides, the device has ${engine.subgroupSize || 'none'}`,
    );
  const P = tile.chunks ?? 1;
  if (P > 1 && (!Q || L % P !== 0))
    throw new RangeError(`selective tile chunks ${P}: needs a lanes tile and chunks dividing L = ${L}`);
  const spec: SelectiveLanesSpec & SelectiveForwardSpec = {
    tile,
    state: N,
    staged,
    softplus: x.deltaSoftplus ?? false,
    hasBias: x.deltaBias !== undefined,
    hasD: x.D !== undefined,
    hasZ: x.z !== undefined,
    // split: every chunk starts from its start state in prm's h0 region
    hasH0: x.h0 !== undefined || P > 1,
    chunks: P,
  };
  const key = Q ? selectiveLanesKey(spec) : selectiveForwardKey(spec);
  const pipeline = yield* pipelineOf(engine, op, key, () =>
    Q ? selectiveLanesSource(spec) : selectiveForwardSource(spec),
  );
  const BLD = Bn * L * D;
  const BC = Bn * L * G * N;
  const Bv = Bn * P;
  checkU32Indices(op, { 'u, delta, z, out': BLD, 'B, C': BC, h0: Bv * D * N });
  const u = engine.operand(op, 'u', x.u, BLD, owner);
  const delta = engine.operand(op, 'delta', x.delta, BLD, owner);
  const Bm = engine.operand(op, 'B', x.B, BC, owner);
  const Cm = engine.operand(op, 'C', x.C, BC, owner);
  const z = x.z === undefined ? null : engine.operand(op, 'z', x.z, BLD, owner);
  const p = packParams(engine, op, x, s, owner, P);
  // time tiles of S·K steps (state lanes: loop iterations of K steps, S = 1) of a row of L/P
  const Lc = L / P;
  const tiles = Math.ceil(Lc / (tile.segments * tile.steps));
  const dims = engine.uniform(`${op}.dims`, selectiveDims(Lc, D, G, tiles, p));
  const out = engine.resultBuffer(`${op}.out`, BLD, resident);
  const last = engine.resultBuffer(`${op}.last`, Bn * D * N, resident);
  const entries: [number, GPUBuffer, number][] = [
    [1, u, BLD],
    [2, delta, BLD],
    [3, Bm, BC],
    [4, Cm, BC],
    [5, p.prm, p.floats],
    [6, out, BLD],
    [7, last, Bn * D * N],
  ];
  if (z) entries.push([8, z, BLD]);
  const bindGroup = engine.bindGroup(pipeline, key, [[0, dims, 8], ...entries]);
  const workgroups: [number, number] = [Math.ceil(D / tile.channels), Bv];
  engine.checkWorkgroups(op, workgroups);
  const main: WgslDispatch = { pipeline, bindGroup, workgroups, copies: P > 1 ? [] : p.copies };
  if (P === 1) return { dispatches: [main], out, last, tile };
  // the L split: aggregates (ΣΔ and end state from zero per chunk), then the start states
  const aspec = { ...spec, aggregate: true };
  const akey = selectiveLanesKey(aspec);
  const apipeline = yield* pipelineOf(engine, op, akey, () => selectiveLanesSource(aspec));
  const sums = engine.scratchBuffer(`${op}.sums`, Bv * D);
  const ends = engine.scratchBuffer(`${op}.ends`, Bv * D * N);
  const abind = engine.bindGroup(apipeline, akey, [
    [0, dims, 8],
    [1, u, BLD],
    [2, delta, BLD],
    [3, Bm, BC],
    [5, p.prm, p.floats],
    [6, sums, Bv * D],
    [7, ends, Bv * D * N],
  ]);
  const cspec = { chunks: P, hasH0: x.h0 !== undefined };
  const ckey = selectiveCarriesKey(cspec);
  const cpipeline = yield* pipelineOf(engine, op, ckey, () => selectiveCarriesSource(cspec));
  const cdims = engine.uniform(`${op}.cdims`, Uint32Array.from([D, N, Bn * D * N, p.h0]));
  const cbind = engine.bindGroup(cpipeline, ckey, [
    [0, cdims, CARRIES_DIMS_WORDS],
    [1, sums, Bv * D],
    [2, ends, Bv * D * N],
    [3, p.prm, p.floats],
  ]);
  const cgroups: [number, number] = [Math.ceil((Bn * D * N) / 64), 1];
  engine.checkWorkgroups(op, cgroups);
  return {
    dispatches: [
      { pipeline: apipeline, bindGroup: abind, workgroups, copies: p.copies },
      { pipeline: cpipeline, bindGroup: cbind, workgroups: cgroups, copies: [] },
      main,
    ],
    out,
    last,
    tile,
  };
}

/** One selective forward: the dispatch, submitted, and its results kept or read back. */
export function* selectiveForwardWgsl(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanInputs,
  s: SelectiveScanShape,
  resident: boolean,
  owner: object,
): Plan<WgslSelectiveForward> {
  engine.check(op);
  const { batch: Bn, length: L, channels: D, state: N } = s;
  const r = yield* selectiveForwardDispatch(engine, op, x, s, resident, owner);
  engine.submit(r.dispatches);
  if (resident) {
    return {
      out: engine.residentArray(r.out, [Bn, L, D]),
      last: engine.residentArray(r.last, [Bn, D, N]),
      dispatches: r.dispatches.length,
      tile: r.tile,
    };
  }
  const [out, last] = (yield engine.downloadMany([
    { buffer: r.out, length: Bn * L * D },
    { buffer: r.last, length: Bn * D * N },
  ])) as Float32Array[];
  return { out: out!, last: last!, dispatches: r.dispatches.length, tile: r.tile };
}
