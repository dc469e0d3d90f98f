// One layer in one direction: the input projection of every step at once, then the recurrence.
import { fmtShape, ShapeError, type Tensor } from '@seqmod/tensor';
import { type CellKind, kindName } from './cell-kind';
import { inputProjection } from './input-projection';
import { type RecurrenceResult, recurrence } from './recurrence';
import type { Lengths } from './sequence-lengths';

/** The four tensors of one direction of one layer, under torch.nn's names (biases may be absent). */
export interface DirectionWeights {
  /** [G·H, I] */
  weightIh: Tensor;
  /** [G·H, H] */
  weightHh: Tensor;
  /** [G·H] */
  biasIh: Tensor | null;
  /** [G·H] */
  biasHh: Tensor | null;
}

export interface DirectionOptions {
  /** Run from the last (valid) step to the first. */
  reverse?: boolean;
  /** Valid steps per sequence, each in [0, L] (see sequence-lengths.ts). */
  lengths?: Lengths | null;
}

/**
 * x: [B, L, I], h0: [B, H], c0: [B, H] (LSTM) -> y: [B, L, H], h: [B, H], c: [B, H] (LSTM).
 * The projection x W_ihᵀ + b_ih runs as one [B·L, I]·[I, G·H] matmul for all steps.
 */
export function runDirection(
  kind: CellKind,
  x: Tensor,
  w: DirectionWeights,
  h0: Tensor,
  c0: Tensor | null,
  opts: DirectionOptions = {},
): RecurrenceResult {
  const [B, L, I] = x.shape as [number, number, number];
  if (x.ndim !== 3 || I !== w.weightIh.shape[1]) {
    throw new ShapeError(
      kindName(kind),
      `input must be [B, L, ${w.weightIh.shape[1]}], got ${fmtShape(x.shape)}`,
    );
  }
  const GH = w.weightIh.shape[0]!;
  const xp = inputProjection(x.reshape(B * L, I), w.weightIh, w.biasIh);
  return recurrence(kind, xp.reshape(B, L, GH), w.weightHh, w.biasHh, h0, c0, opts);
}
