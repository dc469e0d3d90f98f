// The selective scan behind the scanner: shape checks, the form and block choice, then the CPU
// reference, seqmod's wasm-simd kernels (one fused pass), seqmod's WGSL shaders (webgpu-wgsl:
// one fused dispatch), or the gpu.js plans of every block.
//
// Shapes (library layout): u, δ, z, out [B, L, D]; A [D, N]; B, C [B, L, N] or [B, L, G, N];
// D, deltaBias [D]; h0 and the last state [B, D, N].
import { ShapeError } from '@seqmod/tensor';
import { type Block, planBlocks } from './block-plan';
import { type DeviceTensor, operandShape, type ScanArray, type ScanOperand } from './device-tensor';
import { chooseForm } from './form-choice';
import { scatterBlock, sliceBlock } from './host-slice';
import { timeQuadsFit } from './kernel-source-time-quads';
import type { Plan } from './plan-driver';
import { type SelectiveOperands, selectiveBackwardPlan, selectiveForwardPlan } from './plan-selective';
import { selectiveScanBackwardReference, selectiveScanReference } from './reference-selective-scan';
import {
  asResult,
  bindOperand,
  type CallOptions,
  checkHostOperands,
  checkSingleBlock,
  collect,
  type ExecContext,
  hostData,
  makeInfo,
  referenceDType,
  type ScanInfo,
  wgslResult,
} from './scan-call';
import { expectShape, type SelectiveScanShape, selectiveScanShape } from './scan-shapes';
import type { SelectiveBlock } from './selective-block';
import { BACKWARD_CHUNK } from './wasm-selective-backward-run';
import { selectiveBackwardWgsl } from './wgsl-selective-backward-run';
import { selectiveForwardWgsl } from './wgsl-selective-forward-run';

export interface SelectiveScanInputs {
  /** u: [B, L, D] */
  u: ScanOperand;
  /** δ: [B, L, D], the raw step */
  delta: ScanOperand;
  /** A: [D, N] */
  A: ScanOperand;
  /** B: [B, L, N] or [B, L, G, N] */
  B: ScanOperand;
  /** C: the shape of B */
  C: ScanOperand;
  /** D: [D] */
  D?: ScanOperand;
  /** z: [B, L, D] */
  z?: ScanOperand;
  /** added to δ: [D] */
  deltaBias?: ScanOperand;
  /** Δ = softplus(δ + bias) (default false: Δ = δ + bias) */
  deltaSoftplus?: boolean;
  /** initial state: [B, D, N] (zero when absent) */
  h0?: ScanOperand;
}

export interface SelectiveScanOutput {
  /** out: [B, L, D] */
  out: ScanArray | DeviceTensor;
  /** h_{L−1}: [B, D, N] */
  lastState: ScanArray | DeviceTensor;
  info: ScanInfo;
}

export interface SelectiveScanBackwardInputs extends SelectiveScanInputs {
  /** cotangent of out: [B, L, D] */
  gOut: ScanOperand;
  /** cotangent of the last state: [B, D, N] */
  gLastState?: ScanOperand;
}

export interface SelectiveScanGradients {
  u: ScanArray | DeviceTensor;
  /** ∂δ, the raw step */
  delta: ScanArray | DeviceTensor;
  A: ScanArray | DeviceTensor;
  B: ScanArray | DeviceTensor;
  C: ScanArray | DeviceTensor;
  /** present when D was given */
  D?: ScanArray | DeviceTensor;
  /** present when z was given */
  z?: ScanArray | DeviceTensor;
  /** present when deltaBias was given */
  deltaBias?: ScanArray | DeviceTensor;
  /** present when h0 was given */
  h0?: ScanArray | DeviceTensor;
  info: ScanInfo;
}

function check(op: string, x: SelectiveScanInputs): { s: SelectiveScanShape; bShape: readonly number[] } {
  const uShape = operandShape(op, 'u', x.u);
  const bShape = operandShape(op, 'B', x.B);
  const s = selectiveScanShape(op, uShape, operandShape(op, 'A', x.A), bShape);
  const full = [s.batch, s.length, s.channels];
  expectShape(op, 'delta', operandShape(op, 'delta', x.delta), full);
  expectShape(op, 'C', operandShape(op, 'C', x.C), bShape);
  if (x.D !== undefined) expectShape(op, 'D', operandShape(op, 'D', x.D), [s.channels]);
  if (x.z !== undefined) expectShape(op, 'z', operandShape(op, 'z', x.z), full);
  if (x.deltaBias !== undefined)
    expectShape(op, 'deltaBias', operandShape(op, 'deltaBias', x.deltaBias), [s.channels]);
  if (x.h0 !== undefined) expectShape(op, 'h0', operandShape(op, 'h0', x.h0), [s.batch, s.channels, s.state]);
  return { s, bShape };
}

function operands(
  x: SelectiveScanBackwardInputs | SelectiveScanInputs,
): Record<string, ScanOperand | undefined> {
  const { deltaSoftplus: _, ...rest } = x as SelectiveScanBackwardInputs;
  return rest as unknown as Record<string, ScanOperand | undefined>;
}

function referenceArrays(x: SelectiveScanInputs) {
  return {
    u: hostData(x.u)!,
    delta: hostData(x.delta)!,
    A: hostData(x.A)!,
    B: hostData(x.B)!,
    C: hostData(x.C)!,
    D: hostData(x.D),
    z: hostData(x.z),
    deltaBias: hostData(x.deltaBias),
    deltaSoftplus: x.deltaSoftplus ?? false,
    h0: hostData(x.h0),
  };
}

function blocksOf(op: string, s: SelectiveScanShape, chunked: boolean, chunk: number): Block[] {
  return planBlocks(op, {
    batch: s.batch,
    length: s.length,
    channels: s.channels,
    state: s.state,
    groups: s.groups,
    chunks: chunked ? Math.ceil(s.length / chunk) : 0,
    projections: true,
  });
}

/**
 * One block as the kernels see it. The forward binds B and C apart (no stacking pass) and, on
 * webgpu, computes four time steps per thread (kernel-source-time-quads.ts); the backward stacks
 * B and C (its kernels would otherwise bind more than WebGPU's 8 storage buffers).
 */
function blockOf(
  s: SelectiveScanShape,
  k: Block,
  chunk: number,
  x: SelectiveScanInputs,
  ctx: ExecContext,
  hasGLast: boolean,
  forward: boolean,
): SelectiveBlock {
  return {
    batch: k.b1 - k.b0,
    length: s.length,
    channels: k.d1 - k.d0,
    state: s.state,
    groups: k.g1 - k.g0,
    chunk,
    hasBias: x.deltaBias !== undefined,
    softplus: x.deltaSoftplus ?? false,
    hasD: x.D !== undefined,
    hasZ: x.z !== undefined,
    hasH0: x.h0 !== undefined,
    hasGLast,
    fastExp: ctx.fastExp,
    intOps: ctx.intOps,
    separateBC: forward,
    timeQuads: forward && ctx.backend === 'webgpu' && timeQuadsFit(chunk, s.length),
  };
}

/** Slicers and gpu.js dims of each operand kind for one block. */
function cutters(s: SelectiveScanShape, k: Block) {
  const { length: L, channels: D, state: N, groups: G } = s;
  const Bb = k.b1 - k.b0;
  const Dc = k.d1 - k.d0;
  const Gc = k.g1 - k.g0;
  return {
    seq: { cut: (d: ArrayLike<number>) => sliceBlock(d, L, D, k.b0, k.b1, k.d0, k.d1), dims: [Dc, L, Bb] },
    proj: {
      cut: (d: ArrayLike<number>) => sliceBlock(d, L, G * N, k.b0, k.b1, k.g0 * N, k.g1 * N),
      dims: [Gc * N, L, Bb],
    },
    mat: { cut: (d: ArrayLike<number>) => sliceBlock(d, 1, N, k.d0, k.d1, 0, N), dims: [N, Dc] },
    vec: { cut: (d: ArrayLike<number>) => sliceBlock(d, 1, D, 0, 1, k.d0, k.d1), dims: [Dc] },
    state: {
      cut: (d: ArrayLike<number>) => sliceBlock(d, 1, D * N, k.b0, k.b1, k.d0 * N, k.d1 * N),
      dims: [N, Dc, Bb],
    },
  };
}

function* bindAll(
  ctx: ExecContext,
  op: string,
  x: SelectiveScanInputs,
  c: ReturnType<typeof cutters>,
): Plan<SelectiveOperands> {
  const bind = (
    name: string,
    v: ScanOperand | undefined,
    kind: { cut: (d: ArrayLike<number>) => Float32Array; dims: number[] },
  ) => bindOperand(ctx, op, name, v, kind.cut, kind.dims);
  return {
    u: (yield* bind('u', x.u, c.seq))!,
    delta: (yield* bind('delta', x.delta, c.seq))!,
    A: (yield* bind('A', x.A, c.mat))!,
    B: (yield* bind('B', x.B, c.proj))!,
    C: (yield* bind('C', x.C, c.proj))!,
    D: yield* bind('D', x.D, c.vec),
    z: yield* bind('z', x.z, c.seq),
    bias: yield* bind('deltaBias', x.deltaBias, c.vec),
    h0: yield* bind('h0', x.h0, c.state),
  };
}

/** u, δ, z: [B, L, D], A: [D, N], B, C: [B, L, G, N], D, bias: [D], h0: [B, D, N] -> out: [B, L, D], lastState: [B, D, N]. */
export function* selectiveScanOp(
  ctx: ExecContext,
  x: SelectiveScanInputs,
  opts: CallOptions,
): Plan<SelectiveScanOutput> {
  const op = 'selectiveScan';
  const { s } = check(op, x);
  const { batch: Bn, length: L, channels: D, state: N } = s;
  const resident = opts.resident ?? false;
  const choice = chooseForm(op, ctx.backend, L, opts);
  if (ctx.wgsl) {
    const r = yield* selectiveForwardWgsl(ctx.wgsl, op, x, s, resident, ctx.owner);
    // the state lanes walk all of L per channel (sequential); the segmented kernel scans time
    // tiles of S·K steps (chunked)
    const info = r.tile.lanes
      ? makeInfo(ctx, 'sequential', L, 1, r.dispatches, 'float32')
      : makeInfo(ctx, 'chunked', r.tile.segments * r.tile.steps, 1, r.dispatches, 'float32');
    return {
      out: wgslResult(ctx, r.out, [Bn, L, D]),
      lastState: wgslResult(ctx, r.last, [Bn, D, N]),
      info,
    };
  }
  if (ctx.wasm) {
    checkHostOperands(ctx, op, operands(x));
    const r = ctx.wasm.selectiveForward(referenceArrays(x), s);
    return {
      out: asResult(ctx, r.out, [Bn, L, D], resident),
      lastState: asResult(ctx, r.lastState, [Bn, D, N], resident),
      info: makeInfo(ctx, 'sequential', L, 1, r.calls, 'float32'),
    };
  }
  if (!ctx.runner) {
    checkHostOperands(ctx, op, operands(x));
    const dtype = referenceDType(x.u);
    const r = selectiveScanReference(referenceArrays(x), s, dtype);
    return {
      out: asResult(ctx, r.out, [Bn, L, D], resident),
      lastState: asResult(ctx, r.lastState, [Bn, D, N], resident),
      info: makeInfo(ctx, 'sequential', L, 1, 0, dtype),
    };
  }
  const r = ctx.runner;
  const blocks = blocksOf(op, s, choice.form === 'chunked', choice.chunk);
  checkSingleBlock(op, blocks, [x.u, x.delta, x.A, x.B, x.C, x.D, x.z, x.deltaBias, x.h0], resident);
  const launches0 = r.launches;
  const out = resident ? null : new Float32Array(Bn * L * D);
  const last = resident ? null : new Float32Array(Bn * D * N);
  let res: { out: DeviceTensor | null; last: DeviceTensor | null } = { out: null, last: null };
  for (const k of blocks) {
    const c = cutters(s, k);
    r.beginScope();
    try {
      const ops = yield* bindAll(ctx, op, x, c);
      const y = yield* selectiveForwardPlan(r, blockOf(s, k, choice.chunk, x, ctx, false, true), ops);
      res = {
        out: yield* collect(ctx, op, y.out, [Bn, L, D], resident, (v) =>
          scatterBlock(out!, v, L, D, k.b0, k.b1, k.d0, k.d1),
        ),
        last: yield* collect(ctx, op, y.last, [Bn, D, N], resident, (v) =>
          scatterBlock(last!, v, 1, D * N, k.b0, k.b1, k.d0 * N, k.d1 * N),
        ),
      };
      r.endScope([res.out?.array, res.last?.array]);
    } catch (e) {
      r.endScope([]);
      throw e;
    }
  }
  return {
    out: res.out ?? { data: out!, shape: [Bn, L, D] },
    lastState: res.last ?? { data: last!, shape: [Bn, D, N] },
    info: makeInfo(ctx, choice.form, choice.chunk, blocks.length, r.launches - launches0, 'float32'),
  };
}

/** The gradients of Σ out ⊙ gOut + Σ lastState ⊙ gLastState with respect to every input. */
export function* selectiveScanBackwardOp(
  ctx: ExecContext,
  x: SelectiveScanBackwardInputs,
  opts: CallOptions,
): Plan<SelectiveScanGradients> {
  const op = 'selectiveScanBackward';
  const { s, bShape } = check(op, x);
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  expectShape(op, 'gOut', operandShape(op, 'gOut', x.gOut), [Bn, L, D]);
  if (x.gLastState !== undefined)
    expectShape(op, 'gLastState', operandShape(op, 'gLastState', x.gLastState), [Bn, D, N]);
  const resident = opts.resident ?? false;
  const choice = chooseForm(op, ctx.backend, L, opts);
  const bs = [...bShape];
  if (ctx.wgsl) {
    const g = yield* selectiveBackwardWgsl(ctx.wgsl, op, x, s, resident, ctx.owner);
    // every channel walks all of L (checkpoints every `steps`): the sequential form, chunk T
    const res: SelectiveScanGradients = {
      u: wgslResult(ctx, g.u, [Bn, L, D]),
      delta: wgslResult(ctx, g.delta, [Bn, L, D]),
      A: wgslResult(ctx, g.A, [D, N]),
      B: wgslResult(ctx, g.B, bs),
      C: wgslResult(ctx, g.C, bs),
      info: makeInfo(ctx, 'sequential', Math.min(L, g.tile.steps), 1, g.dispatches, 'float32'),
    };
    if (g.D) res.D = wgslResult(ctx, g.D, [D]);
    if (g.z) res.z = wgslResult(ctx, g.z, [Bn, L, D]);
    if (g.deltaBias) res.deltaBias = wgslResult(ctx, g.deltaBias, [D]);
    if (g.h0) res.h0 = wgslResult(ctx, g.h0, [Bn, D, N]);
    return res;
  }
  if (!ctx.runner) {
    checkHostOperands(ctx, op, operands(x));
    const cot = { gOut: hostData(x.gOut)!, gLastState: hostData(x.gLastState) };
    const dtype = ctx.wasm ? 'float32' : referenceDType(x.u);
    const calls0 = ctx.wasm?.calls ?? 0;
    const g = ctx.wasm
      ? ctx.wasm.selectiveBackward(referenceArrays(x), cot, s)
      : selectiveScanBackwardReference(referenceArrays(x), cot, s, dtype);
    const calls = (ctx.wasm?.calls ?? 0) - calls0;
    // wasm-simd reports its checkpoint interval as the chunk (wasm-kernel-selective-backward.ts)
    const info = makeInfo(ctx, 'sequential', ctx.wasm ? Math.min(L, BACKWARD_CHUNK) : L, 1, calls, dtype);
    const res: SelectiveScanGradients = {
      u: asResult(ctx, g.u, [Bn, L, D], resident),
      delta: asResult(ctx, g.delta, [Bn, L, D], resident),
      A: asResult(ctx, g.A, [D, N], resident),
      B: asResult(ctx, g.B, bs, resident),
      C: asResult(ctx, g.C, bs, resident),
      info,
    };
    if (x.D !== undefined) res.D = asResult(ctx, g.D, [D], resident);
    if (x.z !== undefined) res.z = asResult(ctx, g.z, [Bn, L, D], resident);
    if (x.deltaBias !== undefined) res.deltaBias = asResult(ctx, g.deltaBias, [D], resident);
    if (x.h0 !== undefined) res.h0 = asResult(ctx, g.h0, [Bn, D, N], resident);
    return res;
  }
  const r = ctx.runner;
  const blocks = blocksOf(op, s, choice.form === 'chunked', choice.chunk);
  checkSingleBlock(
    op,
    blocks,
    [x.u, x.delta, x.A, x.B, x.C, x.D, x.z, x.deltaBias, x.h0, x.gOut, x.gLastState],
    resident,
  );
  const launches0 = r.launches;
  const host = resident
    ? null
    : {
        u: new Float32Array(Bn * L * D),
        delta: new Float32Array(Bn * L * D),
        A: new Float32Array(D * N),
        B: new Float32Array(Bn * L * G * N),
        C: new Float32Array(Bn * L * G * N),
        D: new Float32Array(D),
        z: new Float32Array(Bn * L * D),
        deltaBias: new Float32Array(D),
        h0: new Float32Array(Bn * D * N),
      };
  let dev: Record<string, DeviceTensor | null> = {};
  for (const k of blocks) {
    const c = cutters(s, k);
    r.beginScope();
    try {
      const ops = yield* bindAll(ctx, op, x, c);
      const gOut = (yield* bindOperand(ctx, op, 'gOut', x.gOut, c.seq.cut, c.seq.dims))!;
      const gLast = yield* bindOperand(ctx, op, 'gLastState', x.gLastState, c.state.cut, c.state.dims);
      const g = yield* selectiveBackwardPlan(
        r,
        blockOf(s, k, choice.chunk, x, ctx, gLast !== null, false),
        ops,
        gOut,
        gLast,
      );
      const seq = (name: 'u' | 'delta' | 'z') => (v: Float32Array) =>
        scatterBlock(host![name], v, L, D, k.b0, k.b1, k.d0, k.d1);
      const proj = (name: 'B' | 'C') => (v: Float32Array) =>
        scatterBlock(host![name], v, L, G * N, k.b0, k.b1, k.g0 * N, k.g1 * N, true);
      const vec = (name: 'D' | 'deltaBias') => (v: Float32Array) =>
        scatterBlock(host![name], v, 1, D, 0, 1, k.d0, k.d1, true);
      dev = {
        u: yield* collect(ctx, op, g.u, [Bn, L, D], resident, seq('u')),
        delta: yield* collect(ctx, op, g.delta, [Bn, L, D], resident, seq('delta')),
        A: yield* collect(ctx, op, g.A, [D, N], resident, (v) =>
          scatterBlock(host!.A, v, 1, N, k.d0, k.d1, 0, N, true),
        ),
        B: yield* collect(ctx, op, g.B, bs, resident, proj('B')),
        C: yield* collect(ctx, op, g.C, bs, resident, proj('C')),
        D: g.D ? yield* collect(ctx, op, g.D, [D], resident, vec('D')) : null,
        z: g.z ? yield* collect(ctx, op, g.z, [Bn, L, D], resident, seq('z')) : null,
        deltaBias: g.bias ? yield* collect(ctx, op, g.bias, [D], resident, vec('deltaBias')) : null,
        h0: g.h0
          ? yield* collect(ctx, op, g.h0, [Bn, D, N], resident, (v) =>
              scatterBlock(host!.h0, v, 1, D * N, k.b0, k.b1, k.d0 * N, k.d1 * N),
            )
          : null,
      };
      r.endScope(Object.values(dev).map((t) => t?.array));
    } catch (e) {
      r.endScope([]);
      throw e;
    }
  }
  const pick = (name: keyof NonNullable<typeof host>, shape: number[]): ScanArray | DeviceTensor => {
    const d = dev[name];
    if (d) return d;
    if (!host) throw new ShapeError(op, `gradient ${name} was not produced`);
    return { data: host[name], shape };
  };
  const res: SelectiveScanGradients = {
    u: pick('u', [Bn, L, D]),
    delta: pick('delta', [Bn, L, D]),
    A: pick('A', [D, N]),
    B: pick('B', bs),
    C: pick('C', bs),
    info: makeInfo(ctx, choice.form, choice.chunk, blocks.length, r.launches - launches0, 'float32'),
  };
  if (x.D !== undefined) res.D = pick('D', [D]);
  if (x.z !== undefined) res.z = pick('z', [Bn, L, D]);
  if (x.deltaBias !== undefined) res.deltaBias = pick('deltaBias', [D]);
  if (x.h0 !== undefined) res.h0 = pick('h0', [Bn, D, N]);
  return res;
}
