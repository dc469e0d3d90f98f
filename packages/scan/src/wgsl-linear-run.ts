// Host side of the webgpu-wgsl linear scan: h_t = a_t h_{t−1} + b_t over [B, L, D], and its
// adjoint (wgsl-kernel-linear.ts): the forward recomputes h, then one reverse dispatch writes
// ∂b = g, ∂a_t = g_t h_{t−1} and ∂h0 = a_0 g_0. Both dispatches go in one submission.
import type { DeviceArray } from './device-array';
import type { LinearScanBackwardInputs, LinearScanInputs } from './linear-scan-op';
import type { Plan } from './plan-driver';
import type { LinearScanShape } from './scan-shapes';
import { checkU32Indices } from './wgsl-index';
import { type LinearSpec, linearKey, linearSource } from './wgsl-kernel-linear';
import { pipelineOf, type WgslDispatch, type WgslScanEngine } from './wgsl-scan-engine';
import { chooseLinearTile } from './wgsl-tile';

function* linearDispatch(
  engine: WgslScanEngine,
  op: string,
  s: LinearScanShape,
  reverse: boolean,
  hasH0: boolean,
  entries: [number, GPUBuffer, number][],
): Plan<{ dispatch: WgslDispatch; chunk: number }> {
  const { batch: B, length: L, channels: D } = s;
  checkU32Indices(op, { 'a, b, h': B * L * D });
  const tile = chooseLinearTile(D, engine.limits, engine.tileOverride.linear);
  const spec: LinearSpec = { tile, reverse, hasH0 };
  const key = linearKey(spec);
  const pipeline = yield* pipelineOf(engine, op, key, () => linearSource(spec));
  const tiles = Math.ceil(L / (tile.segments * tile.steps));
  const dims = engine.uniform(`${op}.dims.${reverse ? 'r' : 'f'}`, Uint32Array.from([L, D, tiles, 0]));
  const workgroups: [number, number] = [Math.ceil(D / tile.channels), B];
  engine.checkWorkgroups(op, workgroups);
  const bindGroup = engine.bindGroup(pipeline, key, [[0, dims, 4], ...entries]);
  return { dispatch: { pipeline, bindGroup, workgroups, copies: [] }, chunk: tile.segments * tile.steps };
}

/** The dispatch of one linear forward (also what the benchmark repeats) and its result buffer. */
export function* linearForwardDispatch(
  engine: WgslScanEngine,
  op: string,
  x: LinearScanInputs,
  s: LinearScanShape,
  resident: boolean,
  owner: object,
): Plan<{ dispatch: WgslDispatch; h: GPUBuffer; chunk: number }> {
  const { batch: B, length: L, channels: D } = s;
  const n = B * L * D;
  const a = engine.operand(op, 'a', x.a, n, owner);
  const b = engine.operand(op, 'b', x.b, n, owner);
  const h = engine.resultBuffer(`${op}.h`, n, resident);
  const entries: [number, GPUBuffer, number][] = [
    [1, a, n],
    [2, b, n],
    [3, h, n],
  ];
  if (x.h0 !== undefined) entries.push([4, engine.operand(op, 'h0', x.h0, B * D, owner), B * D]);
  const d = yield* linearDispatch(engine, op, s, false, x.h0 !== undefined, entries);
  return { dispatch: d.dispatch, h, chunk: d.chunk };
}

/**
 * a, b: [B, L, D], h0: [B, D] -> h: [B, L, D] (a pooled buffer when resident, else host), and
 * the time tile S·K of the dispatch.
 */
export function* linearForwardWgsl(
  engine: WgslScanEngine,
  op: string,
  x: LinearScanInputs,
  s: LinearScanShape,
  resident: boolean,
  owner: object,
): Plan<{ h: DeviceArray | Float32Array; chunk: number }> {
  engine.check(op);
  const { batch: B, length: L, channels: D } = s;
  const n = B * L * D;
  const d = yield* linearForwardDispatch(engine, op, x, s, resident, owner);
  engine.submit([d.dispatch]);
  if (resident) return { h: engine.residentArray(d.h, [B, L, D]), chunk: d.chunk };
  const r = (yield engine.downloadMany([{ buffer: d.h, length: n }])) as Float32Array[];
  return { h: r[0]!, chunk: d.chunk };
}

export interface WgslLinearGrads {
  a: DeviceArray | Float32Array;
  b: DeviceArray | Float32Array;
  h0: DeviceArray | Float32Array | null;
  dispatches: number;
  /** the time tile S·K */
  chunk: number;
}

/** The gradients of Σ h ⊙ gh: ∂a, ∂b [B, L, D], ∂h0 [B, D]. */
export function* linearBackwardWgsl(
  engine: WgslScanEngine,
  op: string,
  x: LinearScanBackwardInputs,
  s: LinearScanShape,
  resident: boolean,
  owner: object,
): Plan<WgslLinearGrads> {
  engine.check(op);
  const { batch: B, length: L, channels: D } = s;
  const n = B * L * D;
  const hasH0 = x.h0 !== undefined;
  const a = engine.operand(op, 'a', x.a, n, owner);
  const b = engine.operand(op, 'b', x.b, n, owner);
  const gh = engine.operand(op, 'gh', x.gh, n, owner);
  const h0 = hasH0 ? engine.operand(op, 'h0', x.h0!, B * D, owner) : null;
  const h = engine.scratchBuffer(`${op}.h`, n);
  const fwd: [number, GPUBuffer, number][] = [
    [1, a, n],
    [2, b, n],
    [3, h, n],
  ];
  if (h0) fwd.push([4, h0, B * D]);
  const df = yield* linearDispatch(engine, op, s, false, hasH0, fwd);
  const gb = engine.resultBuffer(`${op}.gb`, n, resident);
  const ga = engine.resultBuffer(`${op}.ga`, n, resident);
  const gh0 = h0 ? engine.resultBuffer(`${op}.gh0`, B * D, resident) : null;
  const rev: [number, GPUBuffer, number][] = [
    [1, a, n],
    [2, gh, n],
    [3, gb, n],
    [5, h, n],
    [6, ga, n],
  ];
  if (h0 && gh0) rev.push([4, h0, B * D], [7, gh0, B * D]);
  const dr = yield* linearDispatch(engine, op, s, true, hasH0, rev);
  engine.submit([df.dispatch, dr.dispatch]);
  if (resident) {
    return {
      a: engine.residentArray(ga, [B, L, D]),
      b: engine.residentArray(gb, [B, L, D]),
      h0: gh0 ? engine.residentArray(gh0, [B, D]) : null,
      dispatches: 2,
      chunk: dr.chunk,
    };
  }
  const items = [
    { buffer: ga, length: n },
    { buffer: gb, length: n },
  ];
  if (gh0) items.push({ buffer: gh0, length: B * D });
  const r = (yield engine.downloadMany(items)) as Float32Array[];
  return { a: r[0]!, b: r[1]!, h0: gh0 ? r[2]! : null, dispatches: 2, chunk: dr.chunk };
}
