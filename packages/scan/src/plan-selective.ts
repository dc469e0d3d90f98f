// The selective scan as plans of kernel calls over one block (see plan-driver.ts and
// kernel-source-selective*.ts for the math): the forward pass and the backward pass.
import type { DeviceArray } from './device-array';
import { carryChunk } from './form-choice';
import type { KernelRunner } from './kernel-runner';
import type { LinearBlock } from './kernel-source-linear';
import {
  chunkDecaySource,
  chunkLocalSource,
  finalStateSource,
  outputSource,
  paramsSource,
  stackProjectionsSource,
  stateToRowsSource,
  stepPrepSource,
} from './kernel-source-selective';
import {
  chunkSumSource,
  gateGradSource,
  gateInputGradSource,
  gradInitialStateSource,
  gradInputProjSource,
  gradInputSource,
  gradOutputProjSource,
  gradStateMatrixPartSource,
  gradStepSource,
  reverseDecaySource,
  reverseLocalSource,
  rowSumSource,
  stepGradSource,
} from './kernel-source-selective-backward';
import { outputTimeQuadSource, timeQuadsToRowsSource } from './kernel-source-time-quads';
import type { Plan } from './plan-driver';
import { linearScanPlan } from './plan-linear';
import { blockChunks, needsStepPrep, type SelectiveBlock } from './selective-block';

/** Results handed to the caller get a fresh buffer each call (see KernelRunner.call). */
const KEEP = { keep: true };

/** The operands of one block (gpu.js dims in brackets). */
export interface SelectiveOperands {
  /** [D, L, Bb] */
  u: DeviceArray;
  delta: DeviceArray;
  /** [N, D] */
  A: DeviceArray;
  /** [G·N, L, Bb] */
  B: DeviceArray;
  C: DeviceArray;
  /** [D] */
  D: DeviceArray | null;
  /** [D, L, Bb] */
  z: DeviceArray | null;
  /** [D] */
  bias: DeviceArray | null;
  /** [N, D, Bb] */
  h0: DeviceArray | null;
}

export interface SelectiveForwardArrays {
  /** [D, L, Bb] */
  out: DeviceArray;
  /** [N, D, Bb] */
  last: DeviceArray;
}

/**
 * What every pass needs first: packed parameters, the projections (stacked BC unless the block
 * binds B and C apart), the step Δ.
 */
interface Prepared {
  P: DeviceArray;
  BC: DeviceArray | null;
  Bm: DeviceArray;
  Cm: DeviceArray;
  dl: DeviceArray;
}

function* prepare(r: KernelRunner, k: SelectiveBlock, x: SelectiveOperands): Plan<Prepared> {
  const P = (yield r.call(paramsSource(k), { A: x.A, Dv: x.D, bias: x.bias })) as DeviceArray;
  const BC = k.separateBC
    ? null
    : ((yield r.call(stackProjectionsSource(k), { Bm: x.B, Cm: x.C })) as DeviceArray);
  const dl = needsStepPrep(k)
    ? ((yield r.call(stepPrepSource(k), { delta: x.delta, P })) as DeviceArray)
    : x.delta;
  return { P, BC, Bm: x.B, Cm: x.C, dl };
}

/** The chunk carries G [Bb, nC + 1, D·N] (row c = state before chunk c), or null in the sequential form. */
function* forwardCarries(
  r: KernelRunner,
  k: SelectiveBlock,
  x: SelectiveOperands,
  p: Prepared,
): Plan<DeviceArray | null> {
  const nC = blockChunks(k);
  if (nC === 1) return null;
  const decay = (yield r.call(chunkDecaySource(k), { dl: p.dl, P: p.P })) as DeviceArray;
  const S = (yield r.call(chunkLocalSource(k), {
    dl: p.dl,
    u: x.u,
    P: p.P,
    BC: p.BC,
    Bm: p.Bm,
  })) as DeviceArray;
  const h0rows = x.h0
    ? ((yield r.call(stateToRowsSource(k), { v: x.h0 }, { site: 'h0' })) as DeviceArray)
    : null;
  const carry: LinearBlock = {
    batch: k.batch,
    length: nC,
    width: k.channels * k.state,
    chunk: carryChunk(nC),
    reverse: false,
    hasH0: x.h0 !== null,
    intOps: k.intOps,
  };
  return yield* linearScanPlan(r, carry, decay, S, h0rows, true);
}

/** u, δ, z [Bb, L, D], A [D, N], B, C [Bb, L, G, N], D, bias [D], h0 [Bb, D, N] -> out, last state. */
export function* selectiveForwardPlan(
  r: KernelRunner,
  k: SelectiveBlock,
  x: SelectiveOperands,
): Plan<SelectiveForwardArrays> {
  const p = yield* prepare(r, k, x);
  const G = yield* forwardCarries(r, k, x, p);
  const common = { dl: p.dl, u: x.u, P: p.P, BC: p.BC, Bm: p.Bm, Cm: p.Cm, z: x.z, G, h0: x.h0 };
  let out: DeviceArray;
  if (k.timeQuads) {
    const q = (yield r.call(outputTimeQuadSource(k, true), common)) as DeviceArray;
    out = (yield r.call(timeQuadsToRowsSource(k), { q }, KEEP)) as DeviceArray;
  } else out = (yield r.call(outputSource(k, true), common, KEEP)) as DeviceArray;
  const last = (yield r.call(finalStateSource(k), common, KEEP)) as DeviceArray;
  return { out, last };
}

export interface SelectiveGradArrays {
  u: DeviceArray;
  delta: DeviceArray;
  /** [N, D]: summed over this block's batch rows */
  A: DeviceArray;
  B: DeviceArray;
  C: DeviceArray;
  /** [D]: summed over this block's batch rows */
  D: DeviceArray | null;
  z: DeviceArray | null;
  /** [D]: summed over this block's batch rows */
  bias: DeviceArray | null;
  h0: DeviceArray | null;
}

/** The gradients of Σ out ⊙ gOut + Σ last ⊙ gLast for one block (k.hasGLast says whether gLast is given). */
export function* selectiveBackwardPlan(
  r: KernelRunner,
  k: SelectiveBlock,
  x: SelectiveOperands,
  gOut: DeviceArray,
  gLast: DeviceArray | null,
): Plan<SelectiveGradArrays> {
  const nC = blockChunks(k);
  const p = yield* prepare(r, k, x);
  const G = yield* forwardCarries(r, k, x, p);
  const base = { dl: p.dl, u: x.u, P: p.P, BC: p.BC, G, h0: x.h0, gLast };
  let gy = gOut;
  let gz: DeviceArray | null = null;
  if (x.z) {
    const y = (yield r.call(outputSource(k, false), base)) as DeviceArray;
    gy = (yield r.call(gateGradSource(k), { gOut, z: x.z })) as DeviceArray;
    gz = (yield r.call(gateInputGradSource(k), { gOut, y, z: x.z }, KEEP)) as DeviceArray;
  }
  let X: DeviceArray | null = null;
  if (nC > 1) {
    const Q = (yield r.call(reverseDecaySource(k), { dl: p.dl, P: p.P })) as DeviceArray;
    const R = (yield r.call(reverseLocalSource(k), { dl: p.dl, P: p.P, BC: p.BC, gy })) as DeviceArray;
    const gLastRows = gLast
      ? ((yield r.call(stateToRowsSource(k), { v: gLast }, { site: 'gLast' })) as DeviceArray)
      : null;
    const carry: LinearBlock = {
      batch: k.batch,
      length: nC,
      width: k.channels * k.state,
      chunk: carryChunk(nC),
      reverse: true,
      hasH0: gLast !== null,
      intOps: k.intOps,
    };
    X = yield* linearScanPlan(r, carry, Q, R, gLastRows, true);
  }
  const args = { ...base, gy, X };
  const gu = (yield r.call(gradInputSource(k), args, KEEP)) as DeviceArray;
  const gDl = (yield r.call(gradStepSource(k), args, { keep: !k.softplus })) as DeviceArray;
  const gdelta = k.softplus
    ? ((yield r.call(stepGradSource(k), { gDl, delta: x.delta, P: p.P }, KEEP)) as DeviceArray)
    : gDl;
  const gB = (yield r.call(gradInputProjSource(k), args, KEEP)) as DeviceArray;
  const gC = (yield r.call(gradOutputProjSource(k), args, KEEP)) as DeviceArray;
  const gApart = (yield r.call(gradStateMatrixPartSource(k), args)) as DeviceArray;
  const gA = (yield r.call(
    rowSumSource(k.batch, nC, k.channels * k.state, [k.state, k.channels]),
    { p: gApart },
    KEEP,
  )) as DeviceArray;
  const { batch, length, channels } = k;
  let gD: DeviceArray | null = null;
  if (x.D) {
    const part = (yield r.call(chunkSumSource(batch, length, channels, k.chunk, true, k.intOps), {
      p: gy,
      q: x.u,
    })) as DeviceArray;
    gD = (yield r.call(rowSumSource(batch, nC, channels, [channels]), { p: part }, KEEP)) as DeviceArray;
  }
  let gBias: DeviceArray | null = null;
  if (x.bias) {
    const part = (yield r.call(chunkSumSource(batch, length, channels, k.chunk, false, k.intOps), {
      p: gdelta,
    })) as DeviceArray;
    gBias = (yield r.call(rowSumSource(batch, nC, channels, [channels]), { p: part }, KEEP)) as DeviceArray;
  }
  const gh0 = x.h0 ? ((yield r.call(gradInitialStateSource(k), args, KEEP)) as DeviceArray) : null;
  return { u: gu, delta: gdelta, A: gA, B: gB, C: gC, D: gD, z: gz, bias: gBias, h0: gh0 };
}
