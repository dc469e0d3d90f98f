// Host side of the webgpu-wgsl selective forward: binds the operands, packs the small ones,
// picks the tile, and records one dispatch (wgsl-kernel-selective-forward.ts, or
// wgsl-kernel-selective-lanes.ts for a `lanes` tile).
//
// Shapes: u, δ, z, out [B, L, D]; A [D, N]; B, C [B, L, G, N]; D, bias [D]; h0, last [B, D, N].
// The kernel binds at most 8 storage buffers (WebGPU's default per stage), so A, D, bias and h0
// travel in one parameter buffer `prm` = A | D | bias | h0 (what is given): host values are
// written into it, DeviceTensors copied into it on the GPU before the dispatch.
import type { DeviceArray } from './device-array';
import { DeviceTensor, type ScanOperand } from './device-tensor';
import { asFloat32 } from './float-array';
import type { Plan } from './plan-driver';
import type { SelectiveScanShape } from './scan-shapes';
import type { SelectiveScanInputs } from './selective-scan-op';
import { checkU32Indices } from './wgsl-index';
import {
  type SelectiveForwardSpec,
  selectiveDims,
  selectiveForwardKey,
  selectiveForwardSource,
} from './wgsl-kernel-selective-forward';
import { selectiveLanesKey, selectiveLanesSource } from './wgsl-kernel-selective-lanes';
import type { WgslDispatch, WgslScanEngine } from './wgsl-scan-engine';
import { chooseSelectiveTile, type ScanTile } from './wgsl-tile';

export interface WgslSelectiveForward {
  /** pooled buffers when resident, else host arrays */
  out: DeviceArray | Float32Array;
  last: DeviceArray | Float32Array;
  dispatches: number;
  tile: ScanTile;
}

/** Fills `prm` (A | D | bias | h0) and returns the offsets of D, bias and h0 in it. */
function packParams(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanInputs,
  s: SelectiveScanShape,
  owner: object,
): {
  prm: GPUBuffer;
  copies: WgslDispatch['copies'];
  floats: number;
  skip: number;
  bias: number;
  h0: number;
} {
  const { batch: Bn, channels: D, state: N } = s;
  const parts: [string, ScanOperand | undefined, number][] = [
    ['A', x.A, D * N],
    ['D', x.D, D],
    ['deltaBias', x.deltaBias, D],
    ['h0', x.h0, Bn * D * N],
  ];
  let floats = 0;
  const at: number[] = [];
  for (const [, v, n] of parts) {
    at.push(floats);
    if (v !== undefined) floats += n;
  }
  engine.checkBinding(op, 'A | D | deltaBias | h0', floats);
  const prm = engine.scratchBuffer(`${op}.prm`, floats);
  const copies: WgslDispatch['copies'] = [];
  parts.forEach(([name, v, n], i) => {
    if (v === undefined) return;
    const off = 4 * at[i]!;
    if (v instanceof DeviceTensor) {
      const src = engine.operand(op, name, v, n, owner);
      copies.push({ src, dst: prm, dstOffset: off, bytes: 4 * n });
    } else {
      const f = asFloat32(v.data);
      engine.device.queue.writeBuffer(prm, off, f.buffer, f.byteOffset, 4 * n);
    }
  });
  return { prm, copies, floats, skip: at[1]!, bias: at[2]!, h0: at[3]! };
}

/** The dispatch of one selective forward (also what the benchmark repeats). */
export function* selectiveForwardDispatch(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanInputs,
  s: SelectiveScanShape,
  resident: boolean,
  owner: object,
): Plan<{ dispatch: WgslDispatch; out: GPUBuffer; last: GPUBuffer; tile: ScanTile }> {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const { tile, staged } = chooseSelectiveTile(
    Bn,
    D,
    N,
    G,
    engine.limits,
    engine.tileOverride.selective,
    engine.subgroupSize,
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
  const spec: SelectiveForwardSpec = {
    tile,
    state: N,
    staged,
    softplus: x.deltaSoftplus ?? false,
    hasBias: x.deltaBias !== undefined,
    hasD: x.D !== undefined,
    hasZ: x.z !== undefined,
    hasH0: x.h0 !== undefined,
  };
  const key = Q ? selectiveLanesKey(spec) : selectiveForwardKey(spec);
  const pl = engine.pipeline(op, key, () => (Q ? selectiveLanesSource(spec) : selectiveForwardSource(spec)));
  const pipeline = (pl instanceof Promise ? yield pl : pl) as GPUComputePipeline;
  const BLD = Bn * L * D;
  const BC = Bn * L * G * N;
  checkU32Indices(op, { 'u, delta, z, out': BLD, 'B, C': BC, h0: Bn * D * N });
  const u = engine.operand(op, 'u', x.u, BLD, owner);
  const delta = engine.operand(op, 'delta', x.delta, BLD, owner);
  const Bm = engine.operand(op, 'B', x.B, BC, owner);
  const Cm = engine.operand(op, 'C', x.C, BC, owner);
  const z = x.z === undefined ? null : engine.operand(op, 'z', x.z, BLD, owner);
  const p = packParams(engine, op, x, s, owner);
  // time tiles of S·K steps (state lanes: loop iterations of K steps, S = 1)
  const tiles = Math.ceil(L / (tile.segments * tile.steps));
  const dims = engine.uniform(`${op}.dims`, selectiveDims(L, D, G, tiles, p));
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
  const workgroups: [number, number] = [Math.ceil(D / tile.channels), Bn];
  engine.checkWorkgroups(op, workgroups);
  return { dispatch: { pipeline, bindGroup, workgroups, copies: p.copies }, out, last, tile };
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
  engine.submit([r.dispatch]);
  if (resident) {
    return {
      out: engine.residentArray(r.out, [Bn, L, D]),
      last: engine.residentArray(r.last, [Bn, D, N]),
      dispatches: 1,
      tile: r.tile,
    };
  }
  const [out, last] = (yield engine.downloadMany([
    { buffer: r.out, length: Bn * L * D },
    { buffer: r.last, length: Bn * D * N },
  ])) as Float32Array[];
  return { out: out!, last: last!, dispatches: 1, tile: r.tile };
}
