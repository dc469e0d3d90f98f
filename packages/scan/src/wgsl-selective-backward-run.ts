// Host side of the webgpu-wgsl selective backward: up to seven dispatches in one submission —
// the gate gy = ḡ_out·silu(z) (with z), the span aggregates, the span carries, the reverse
// (wgsl-kernel-selective-backward.ts), ∂z (with z), and the sums of the ∂B, ∂C and ∂A, ∂D, ∂bias
// partials (wgsl-kernel-selective-grad-sums.ts); ∂h0 is copied out of the work buffer.
//
// Shapes: u, δ, z, ḡ_out, ∂u, ∂δ, ∂z [B, L, D]; A, ∂A [D, N]; B, C, ∂B, ∂C [B, L, G, N];
// D, bias and their gradients [D]; h0, ḡ_last, ∂h0 [B, D, N].
import type { DeviceArray } from './device-array';
import type { Plan } from './plan-driver';
import type { SelectiveScanShape } from './scan-shapes';
import type { SelectiveScanBackwardInputs } from './selective-scan-op';
import { checkU32Indices } from './wgsl-index';
import {
  BACKWARD_DIMS_WORDS,
  type BackwardTile,
  backwardCounts,
  backwardDims,
  backwardLayout,
  type SelectiveBackwardSpec,
  selectiveBackwardKey,
  selectiveReverseSource,
  selectiveSpanCarriesSource,
  selectiveSpanSource,
} from './wgsl-kernel-selective-backward';
import {
  bcSumsSource,
  elementDims,
  flatGrid,
  gateGradSource,
  gateSource,
  paramSumsSource,
  SUMS_WORKGROUP,
} from './wgsl-kernel-selective-grad-sums';
import { packOperands } from './wgsl-pack';
import { pipelineOf, type WgslDispatch, type WgslScanEngine } from './wgsl-scan-engine';
import { chooseBackwardTile } from './wgsl-tile';

type Result = DeviceArray | Float32Array;

export interface WgslSelectiveGrads {
  u: Result;
  delta: Result;
  A: Result;
  B: Result;
  C: Result;
  D: Result | null;
  z: Result | null;
  deltaBias: Result | null;
  h0: Result | null;
  dispatches: number;
  tile: BackwardTile;
}

/** The dispatches of one selective backward (also what the benchmark repeats) and their results. */
export function* selectiveBackwardDispatch(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanBackwardInputs,
  s: SelectiveScanShape,
  resident: boolean,
  owner: object,
): Plan<{
  dispatches: WgslDispatch[];
  results: Record<
    keyof Omit<WgslSelectiveGrads, 'dispatches' | 'tile'>,
    { buffer: GPUBuffer; shape: number[] } | null
  >;
  tile: BackwardTile;
}> {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const tile = chooseBackwardTile(
    Bn,
    L,
    D,
    G,
    N,
    engine.limits,
    engine.tileOverride.backward,
    engine.subgroupSize,
  );
  const has = {
    D: x.D !== undefined,
    bias: x.deltaBias !== undefined,
    h0: x.h0 !== undefined,
    gLast: x.gLastState !== undefined,
  };
  const hasZ = x.z !== undefined;
  const spec: SelectiveBackwardSpec = {
    tile,
    state: N,
    softplus: x.deltaSoftplus ?? false,
    hasBias: has.bias,
    hasD: has.D,
    hasZ,
    hasH0: has.h0,
    hasGLast: has.gLast,
  };
  const layout = backwardLayout(s, tile, has);
  const BLD = Bn * L * D;
  const BC = Bn * L * G * N;
  const DN = D * N;
  checkU32Indices(op, { 'u, delta, z, gOut': BLD, 'B, C': BC, 'the work buffer': layout.floats });
  engine.checkBinding(op, 'the work buffer (checkpoints and partial sums)', layout.floats);
  const spKey = selectiveBackwardKey(spec, 'span');
  const spl = yield* pipelineOf(engine, op, spKey, () => selectiveSpanSource(spec));
  const crKey = selectiveBackwardKey(spec, 'carries');
  const cr = yield* pipelineOf(engine, op, crKey, () => selectiveSpanCarriesSource(spec));
  const rv = yield* pipelineOf(engine, op, selectiveBackwardKey(spec, 'reverse'), () =>
    selectiveReverseSource(spec),
  );
  const bcKey = `ssb-bc:n${N}`;
  const bc = yield* pipelineOf(engine, op, bcKey, () => bcSumsSource(N));
  const pmKey = `ssb-prm:n${N}:${has.D ? 1 : 0}${has.bias ? 1 : 0}`;
  const pm = yield* pipelineOf(engine, op, pmKey, () => paramSumsSource(N, has.D, has.bias));

  const u = engine.operand(op, 'u', x.u, BLD, owner);
  const delta = engine.operand(op, 'delta', x.delta, BLD, owner);
  const Bm = engine.operand(op, 'B', x.B, BC, owner);
  const Cm = engine.operand(op, 'C', x.C, BC, owner);
  const gOut = engine.operand(op, 'gOut', x.gOut, BLD, owner);
  const z = hasZ ? engine.operand(op, 'z', x.z!, BLD, owner) : null;
  const work = engine.scratchBuffer(`${op}.work`, layout.floats);
  const copies = packOperands(
    engine,
    op,
    work,
    [
      { name: 'A', value: x.A, floats: DN, pieces: [[0, 0, DN]] },
      { name: 'D', value: x.D, floats: D, pieces: [[0, layout.skip, D]] },
      { name: 'deltaBias', value: x.deltaBias, floats: D, pieces: [[0, layout.bias, D]] },
      { name: 'h0', value: x.h0, floats: Bn * DN, pieces: [[0, layout.h0, Bn * DN]] },
      { name: 'gLastState', value: x.gLastState, floats: Bn * DN, pieces: [[0, layout.gLast, Bn * DN]] },
    ],
    owner,
  );
  const result = (name: string, floats: number) => engine.resultBuffer(`${op}.${name}`, floats, resident);
  const gu = result('u', BLD);
  const gdl = result('delta', BLD);
  const gB = result('B', BC);
  const gC = result('C', BC);
  const gA = result('A', DN);
  const gD = has.D ? result('D', D) : null;
  const gBias = has.bias ? result('deltaBias', D) : null;
  const gz = hasZ ? result('z', BLD) : null;
  const gH0 = has.h0 ? result('h0', Bn * DN) : null;
  // gy = ḡ_out·silu(z), then y before the gate (written over it by the reverse walk)
  const gy = hasZ ? engine.scratchBuffer(`${op}.gy`, BLD) : gOut;

  const bcGrid = flatGrid(Bn * L * G * 2 * N);
  const dims = engine.uniform(`${op}.dims`, backwardDims(s, tile, layout, bcGrid[0]));
  const dimsEntry: [number, GPUBuffer, number] = [0, dims, BACKWARD_DIMS_WORDS];
  const { NP, NPs, spans } = backwardCounts(L, D, G, tile);
  const walkGrid: [number, number] = [G * NP, Bn * spans];
  const spanGrid: [number, number] = [G * NPs, Bn * spans];
  const crGrid: [number, number] = [Math.ceil((Bn * DN) / 64), 1];
  const pmGrid: [number, number] = [Math.ceil(DN / SUMS_WORKGROUP), 1];
  for (const grid of [walkGrid, spanGrid, crGrid, bcGrid, pmGrid]) engine.checkWorkgroups(op, grid);

  const dispatches: WgslDispatch[] = [];
  const elGrid = flatGrid(BLD);
  // the gate and ∂z bind ḡ_out, z and gy alike (gy holds y before the gate for ∂z)
  const gateEntries: [number, GPUBuffer, number][] = hasZ
    ? [
        [0, engine.uniform(`${op}.edims`, elementDims(BLD, elGrid[0])), 4],
        [1, gOut, BLD],
        [2, z!, BLD],
        [3, gy, BLD],
      ]
    : [];
  if (hasZ) {
    const gt = yield* pipelineOf(engine, op, 'ssb-gate', gateSource);
    dispatches.push({
      pipeline: gt,
      bindGroup: engine.bindGroup(gt, 'ssb-gate', gateEntries),
      workgroups: elGrid,
      copies: [],
    });
  }
  // both span walks bind u, δ, B, C, the work buffer and gy alike; the reverse adds ∂u, ∂δ
  const walkEntries: [number, GPUBuffer, number][] = [
    dimsEntry,
    [1, u, BLD],
    [2, delta, BLD],
    [3, Bm, BC],
    [4, Cm, BC],
    [5, work, layout.floats],
    [6, gy, BLD],
  ];
  dispatches.push({
    pipeline: spl,
    bindGroup: engine.bindGroup(spl, spKey, walkEntries),
    workgroups: spanGrid,
    copies,
  });
  dispatches.push({
    pipeline: cr,
    bindGroup: engine.bindGroup(cr, crKey, [dimsEntry, [1, work, layout.floats]]),
    workgroups: crGrid,
    copies: [],
  });
  const rvKey = selectiveBackwardKey(spec, 'reverse');
  dispatches.push({
    pipeline: rv,
    bindGroup: engine.bindGroup(rv, rvKey, [...walkEntries, [7, gu, BLD], [8, gdl, BLD]]),
    workgroups: walkGrid,
    copies: [],
  });
  if (hasZ) {
    const gg = yield* pipelineOf(engine, op, 'ssb-gate-grad', gateGradSource);
    dispatches.push({
      pipeline: gg,
      bindGroup: engine.bindGroup(gg, 'ssb-gate-grad', [...gateEntries, [4, gz!, BLD]]),
      workgroups: elGrid,
      copies: [],
    });
  }
  dispatches.push({
    pipeline: bc,
    bindGroup: engine.bindGroup(bc, bcKey, [dimsEntry, [1, work, layout.floats], [2, gB, BC], [3, gC, BC]]),
    workgroups: bcGrid,
    copies: [],
  });
  const pmEntries: [number, GPUBuffer, number][] = [dimsEntry, [1, work, layout.floats], [2, gA, DN]];
  if (gD) pmEntries.push([3, gD, D]);
  if (gBias) pmEntries.push([4, gBias, D]);
  dispatches.push({
    pipeline: pm,
    bindGroup: engine.bindGroup(pm, pmKey, pmEntries),
    workgroups: pmGrid,
    // ∂h0 = ā_0 ğ_0, written by the reverse walk into the work buffer
    copies: gH0 ? [{ src: work, srcOffset: 4 * layout.gH0, dst: gH0, dstOffset: 0, bytes: 4 * Bn * DN }] : [],
  });
  const bShape = [Bn, L, G, N];
  const seq = [Bn, L, D];
  const at = (buffer: GPUBuffer | null, shape: number[]) => (buffer ? { buffer, shape } : null);
  return {
    dispatches,
    results: {
      u: at(gu, seq)!,
      delta: at(gdl, seq)!,
      A: at(gA, [D, N])!,
      B: at(gB, bShape)!,
      C: at(gC, bShape)!,
      D: at(gD, [D]),
      z: at(gz, seq),
      deltaBias: at(gBias, [D]),
      h0: at(gH0, [Bn, D, N]),
    },
    tile,
  };
}

/** One selective backward: the dispatches, submitted, and the gradients kept or read back. */
export function* selectiveBackwardWgsl(
  engine: WgslScanEngine,
  op: string,
  x: SelectiveScanBackwardInputs,
  s: SelectiveScanShape,
  resident: boolean,
  owner: object,
): Plan<WgslSelectiveGrads> {
  engine.check(op);
  const r = yield* selectiveBackwardDispatch(engine, op, x, s, resident, owner);
  engine.submit(r.dispatches);
  const names = Object.keys(r.results) as (keyof typeof r.results)[];
  const present = names.filter((k) => r.results[k] !== null);
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const values: Result[] = resident
    ? present.map((k) => engine.residentArray(r.results[k]!.buffer, r.results[k]!.shape))
    : ((yield engine.downloadMany(
        present.map((k) => ({ buffer: r.results[k]!.buffer, length: size(r.results[k]!.shape) })),
      )) as Float32Array[]);
  const out = { D: null, z: null, deltaBias: null, h0: null } as unknown as WgslSelectiveGrads;
  present.forEach((k, i) => {
    out[k] = values[i]!;
  });
  out.dispatches = r.dispatches.length;
  out.tile = r.tile;
  return out;
}
