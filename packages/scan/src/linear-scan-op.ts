// The linear scan behind the scanner: shape checks, the form and block choice, then the CPU
// reference, seqmod's wasm-simd kernels, seqmod's WGSL shaders (webgpu-wgsl), or the gpu.js
// plan of every block.
//
// Shapes: a, b, h [B, L, D]; h0 [B, D]; gh (cotangent of h) [B, L, D].
import { type Block, planBlocks } from './block-plan';
import type { DeviceTensor, ScanArray, ScanOperand } from './device-tensor';
import { operandShape } from './device-tensor';
import { chooseForm, type FormChoice } from './form-choice';
import { scatterBlock, sliceBlock } from './host-slice';
import type { LinearBlock } from './kernel-source-linear';
import type { Plan } from './plan-driver';
import { linearBackwardPlan, linearScanPlan } from './plan-linear';
import { linearScanBackwardReference, linearScanReference } from './reference-linear-scan';
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
import { expectShape, type LinearScanShape, linearScanShape } from './scan-shapes';
import { linearBackwardWgsl, linearForwardWgsl } from './wgsl-linear-run';

export interface LinearScanInputs {
  /** a: [B, L, D] */
  a: ScanOperand;
  /** b: [B, L, D] */
  b: ScanOperand;
  /** h0: [B, D] (zero when absent) */
  h0?: ScanOperand;
}

export interface LinearScanOutput {
  /** h: [B, L, D] */
  h: ScanArray | DeviceTensor;
  info: ScanInfo;
}

export interface LinearScanBackwardInputs extends LinearScanInputs {
  /** the cotangent of h: [B, L, D] */
  gh: ScanOperand;
}

export interface LinearScanGradients {
  a: ScanArray | DeviceTensor;
  b: ScanArray | DeviceTensor;
  /** present when h0 was given */
  h0?: ScanArray | DeviceTensor;
  info: ScanInfo;
}

function check(op: string, x: LinearScanInputs, gh?: ScanOperand): LinearScanShape {
  const s = linearScanShape(op, operandShape(op, 'a', x.a));
  const full = [s.batch, s.length, s.channels];
  expectShape(op, 'b', operandShape(op, 'b', x.b), full);
  if (x.h0 !== undefined) expectShape(op, 'h0', operandShape(op, 'h0', x.h0), [s.batch, s.channels]);
  if (gh !== undefined) expectShape(op, 'gh', operandShape(op, 'gh', gh), full);
  return s;
}

/** a, b: [B, L, D], h0: [B, D] -> h: [B, L, D]. */
export function* linearScanOp(
  ctx: ExecContext,
  x: LinearScanInputs,
  opts: CallOptions,
): Plan<LinearScanOutput> {
  const op = 'linearScan';
  const s = check(op, x);
  const { batch: B, length: L, channels: D } = s;
  const resident = opts.resident ?? false;
  const choice = chooseForm(op, ctx.backend, L, opts);
  if (ctx.wgsl) {
    const r = yield* linearForwardWgsl(ctx.wgsl, op, x, s, resident, ctx.owner);
    return {
      h: wgslResult(ctx, r.h, [B, L, D]),
      info: makeInfo(ctx, 'chunked', r.chunk, 1, 1, 'float32'),
    };
  }
  if (!ctx.runner) {
    checkHostOperands(ctx, op, { a: x.a, b: x.b, h0: x.h0 });
    const arrays = { a: hostData(x.a)!, b: hostData(x.b)!, h0: hostData(x.h0) };
    const dtype = ctx.wasm ? 'float32' : referenceDType(x.a);
    const calls0 = ctx.wasm?.calls ?? 0;
    const h = ctx.wasm ? ctx.wasm.linearForward(arrays, s) : linearScanReference(arrays, s, dtype);
    const calls = (ctx.wasm?.calls ?? 0) - calls0;
    return {
      h: asResult(ctx, h, [B, L, D], resident),
      info: makeInfo(ctx, 'sequential', L, 1, calls, dtype),
    };
  }
  const r = ctx.runner;
  const blocks = linearBlocks(op, s, choice);
  checkSingleBlock(op, blocks, [x.a, x.b, x.h0], resident);
  const launches0 = r.launches;
  const out = resident ? null : new Float32Array(B * L * D);
  let result: DeviceTensor | null = null;
  for (const k of blocks) {
    const Bb = k.b1 - k.b0;
    const Dc = k.d1 - k.d0;
    const blk = linearBlock(k, L, choice.chunk, x.h0 !== undefined, ctx.intOps);
    r.beginScope();
    try {
      const cut = (data: ArrayLike<number>) => sliceBlock(data, L, D, k.b0, k.b1, k.d0, k.d1);
      const a = (yield* bindOperand(ctx, op, 'a', x.a, cut, [Dc, L, Bb]))!;
      const b = (yield* bindOperand(ctx, op, 'b', x.b, cut, [Dc, L, Bb]))!;
      const h0 = yield* bindOperand(ctx, op, 'h0', x.h0, (d) => sliceBlock(d, 1, D, k.b0, k.b1, k.d0, k.d1), [
        Dc,
        Bb,
      ]);
      const h = yield* linearScanPlan(r, blk, a, b, h0, false, true);
      result = yield* collect(ctx, op, h, [B, L, D], resident, (v) =>
        scatterBlock(out!, v, L, D, k.b0, k.b1, k.d0, k.d1),
      );
      r.endScope(result ? [result.array] : []);
    } catch (e) {
      r.endScope([]);
      throw e;
    }
  }
  return {
    h: result ?? { data: out!, shape: [B, L, D] },
    info: makeInfo(ctx, choice.form, choice.chunk, blocks.length, r.launches - launches0, 'float32'),
  };
}

/** The gradients of Σ h ⊙ gh with respect to a, b (and h0). */
export function* linearScanBackwardOp(
  ctx: ExecContext,
  x: LinearScanBackwardInputs,
  opts: CallOptions,
): Plan<LinearScanGradients> {
  const op = 'linearScanBackward';
  const s = check(op, x, x.gh);
  const { batch: B, length: L, channels: D } = s;
  const resident = opts.resident ?? false;
  const choice = chooseForm(op, ctx.backend, L, opts);
  if (ctx.wgsl) {
    const g = yield* linearBackwardWgsl(ctx.wgsl, op, x, s, resident, ctx.owner);
    const res: LinearScanGradients = {
      a: wgslResult(ctx, g.a, [B, L, D]),
      b: wgslResult(ctx, g.b, [B, L, D]),
      info: makeInfo(ctx, 'chunked', g.chunk, 1, g.dispatches, 'float32'),
    };
    if (g.h0) res.h0 = wgslResult(ctx, g.h0, [B, D]);
    return res;
  }
  if (!ctx.runner) {
    checkHostOperands(ctx, op, { a: x.a, b: x.b, h0: x.h0, gh: x.gh });
    const arrays = { a: hostData(x.a)!, b: hostData(x.b)!, h0: hostData(x.h0) };
    const dtype = ctx.wasm ? 'float32' : referenceDType(x.a);
    const calls0 = ctx.wasm?.calls ?? 0;
    const g = ctx.wasm
      ? ctx.wasm.linearBackward(arrays, hostData(x.gh)!, s)
      : linearScanBackwardReference(arrays, linearScanReference(arrays, s, dtype), hostData(x.gh)!, s, dtype);
    const calls = (ctx.wasm?.calls ?? 0) - calls0;
    const res: LinearScanGradients = {
      a: asResult(ctx, g.a, [B, L, D], resident),
      b: asResult(ctx, g.b, [B, L, D], resident),
      info: makeInfo(ctx, 'sequential', L, 1, calls, dtype),
    };
    if (x.h0 !== undefined) res.h0 = asResult(ctx, g.h0, [B, D], resident);
    return res;
  }
  const r = ctx.runner;
  const blocks = linearBlocks(op, s, choice);
  checkSingleBlock(op, blocks, [x.a, x.b, x.h0, x.gh], resident);
  const launches0 = r.launches;
  const ga = resident ? null : new Float32Array(B * L * D);
  const gb = resident ? null : new Float32Array(B * L * D);
  const gh0 = resident || x.h0 === undefined ? null : new Float32Array(B * D);
  let res: Partial<Record<'a' | 'b' | 'h0', DeviceTensor | null>> = {};
  for (const k of blocks) {
    const Bb = k.b1 - k.b0;
    const Dc = k.d1 - k.d0;
    const blk = linearBlock(k, L, choice.chunk, x.h0 !== undefined, ctx.intOps);
    r.beginScope();
    try {
      const cut = (data: ArrayLike<number>) => sliceBlock(data, L, D, k.b0, k.b1, k.d0, k.d1);
      const cutH0 = (data: ArrayLike<number>) => sliceBlock(data, 1, D, k.b0, k.b1, k.d0, k.d1);
      const a = (yield* bindOperand(ctx, op, 'a', x.a, cut, [Dc, L, Bb]))!;
      const b = (yield* bindOperand(ctx, op, 'b', x.b, cut, [Dc, L, Bb]))!;
      const g = (yield* bindOperand(ctx, op, 'gh', x.gh, cut, [Dc, L, Bb]))!;
      const h0 = yield* bindOperand(ctx, op, 'h0', x.h0, cutH0, [Dc, Bb]);
      const grads = yield* linearBackwardPlan(r, blk, a, b, h0, g);
      res = {
        a: yield* collect(ctx, op, grads.a, [B, L, D], resident, (v) =>
          scatterBlock(ga!, v, L, D, k.b0, k.b1, k.d0, k.d1),
        ),
        b: yield* collect(ctx, op, grads.b, [B, L, D], resident, (v) =>
          scatterBlock(gb!, v, L, D, k.b0, k.b1, k.d0, k.d1),
        ),
        h0: grads.h0
          ? yield* collect(ctx, op, grads.h0, [B, D], resident, (v) =>
              scatterBlock(gh0!, v, 1, D, k.b0, k.b1, k.d0, k.d1),
            )
          : null,
      };
      r.endScope(Object.values(res).map((t) => t?.array));
    } catch (e) {
      r.endScope([]);
      throw e;
    }
  }
  const out: LinearScanGradients = {
    a: res.a ?? { data: ga!, shape: [B, L, D] },
    b: res.b ?? { data: gb!, shape: [B, L, D] },
    info: makeInfo(ctx, choice.form, choice.chunk, blocks.length, r.launches - launches0, 'float32'),
  };
  if (x.h0 !== undefined) out.h0 = res.h0 ?? { data: gh0!, shape: [B, D] };
  return out;
}

/** The gpu.js blocks of a linear scan (one channel per state, no B/C groups). */
function linearBlocks(op: string, s: LinearScanShape, choice: FormChoice): Block[] {
  return planBlocks(op, {
    batch: s.batch,
    length: s.length,
    channels: s.channels,
    state: 1,
    groups: 1,
    chunks: choice.form === 'chunked' ? Math.ceil(s.length / choice.chunk) : 0,
    projections: false,
  });
}

/** The kernel geometry of block k: its batch rows × channels, forward in time. */
function linearBlock(k: Block, L: number, chunk: number, hasH0: boolean, intOps: boolean): LinearBlock {
  return {
    batch: k.b1 - k.b0,
    length: L,
    width: k.d1 - k.d0,
    chunk,
    reverse: false,
    hasH0,
    intOps,
  };
}
