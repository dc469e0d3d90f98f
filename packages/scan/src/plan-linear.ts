// The linear scan as a plan of kernel calls over one block (see plan-driver.ts): forward,
// reverse, and the backward pass.
//
// Glossary: a, v (= b), h [Bb, L, X]; h0 [Bb, X]; g the cotangent of h; g̃ = ∂loss/∂h.
//   forward  h_t = a_t h_{t−1} + v_t
//   backward g̃ = reverse scan with a′_t = a_{t+1}, inputs g;  ∂v = g̃,  ∂a_t = g̃_t h_{t−1},
//            ∂h0 = a_0 g̃_0.
import type { DeviceArray } from './device-array';
import { carryChunk } from './form-choice';
import type { KernelRunner } from './kernel-runner';
import {
  chunkCount,
  gradCoefficientSource,
  gradInitialSource,
  type LinearBlock,
  linearDecaySource,
  linearLocalSource,
  linearOutputSource,
  shiftForwardSource,
} from './kernel-source-linear';
import type { Plan } from './plan-driver';

/**
 * a, v: [Bb, L, X], h0: [Bb, X] -> h: [Bb, L, X] (natural time order, either direction; with
 * `withInitial` [Bb, L + 1, X] including h0, see linearOutputSource).
 */
export function* linearScanPlan(
  r: KernelRunner,
  blk: LinearBlock,
  a: DeviceArray,
  v: DeviceArray,
  h0: DeviceArray | null,
  withInitial = false,
  keep = false,
): Plan<DeviceArray> {
  const nC = chunkCount(blk);
  if (nC === 1)
    return (yield r.call(linearOutputSource(blk, withInitial), { a, v, h0 }, { keep })) as DeviceArray;
  const P = (yield r.call(linearDecaySource(blk), { a })) as DeviceArray;
  const S = (yield r.call(linearLocalSource(blk), { a, v })) as DeviceArray;
  const carry: LinearBlock = {
    batch: blk.batch,
    length: nC,
    width: blk.width,
    chunk: carryChunk(nC),
    reverse: false,
    hasH0: blk.hasH0,
    intOps: blk.intOps,
  };
  const G = yield* linearScanPlan(r, carry, P, S, h0);
  return (yield r.call(linearOutputSource(blk, withInitial), { a, v, G, h0 }, { keep })) as DeviceArray;
}

export interface LinearGradArrays {
  a: DeviceArray;
  b: DeviceArray;
  h0: DeviceArray | null;
}

/** The gradients of Σ h ⊙ g given a, v, h0 and g (h is recomputed). */
export function* linearBackwardPlan(
  r: KernelRunner,
  blk: LinearBlock,
  a: DeviceArray,
  v: DeviceArray,
  h0: DeviceArray | null,
  g: DeviceArray,
): Plan<LinearGradArrays> {
  const { batch, length, width } = blk;
  const h = yield* linearScanPlan(r, { ...blk, reverse: false }, a, v, h0);
  const shifted = (yield r.call(shiftForwardSource(batch, length, width, blk), { a })) as DeviceArray;
  const gt = yield* linearScanPlan(r, { ...blk, reverse: true, hasH0: false }, shifted, g, null, false, true);
  const ga = (yield r.call(
    gradCoefficientSource(batch, length, width, blk.hasH0, blk),
    { gt, h, h0 },
    { keep: true },
  )) as DeviceArray;
  const gh0 = blk.hasH0
    ? ((yield r.call(gradInitialSource(batch, length, width), { a, gt }, { keep: true })) as DeviceArray)
    : null;
  return { a: ga, b: gt, h0: gh0 };
}
