// Variable-length batches: which time step of which sequence a recurrence processes when.
//
// Sequence b holds lengths[b] valid steps, 0..lengths[b]−1; the rest is padding. As PyTorch's
// pack_padded_sequence / pad_packed_sequence: a sequence's state stops changing after its last
// valid step (so the final state is the one after that step), outputs at padded steps are zero,
// and a reverse-direction pass starts at each sequence's own last valid step, not at step L−1.
import { fmtShape, ShapeError, Tensor, ValueError } from '@seqmod/tensor';

/** Valid steps per batch row: an array or a 1-D tensor of integers. */
export type Lengths = readonly number[] | Int32Array | Tensor;

/**
 * Checks lengths against a batch of B sequences of L steps; returns them as integers, or null when
 * absent or when every sequence is full (so the caller can take the unmasked path).
 */
export function checkLengths(
  op: string,
  lengths: Lengths | undefined,
  B: number,
  L: number,
): Int32Array | null {
  if (lengths === undefined) return null;
  let values: ArrayLike<number>;
  if (lengths instanceof Tensor) {
    if (lengths.ndim !== 1)
      throw new ShapeError(op, `lengths must be 1-D [B], got shape ${fmtShape(lengths.shape)}`);
    values = lengths.toArray();
  } else values = lengths;
  if (values.length !== B)
    throw new ShapeError(op, `lengths has ${values.length} entries, the batch has ${B} sequences`);
  const out = new Int32Array(B);
  let full = true;
  for (let b = 0; b < B; b++) {
    const n = values[b]!;
    if (!Number.isInteger(n) || n < 0 || n > L) {
      throw new ValueError(op, `lengths[${b}] must be an integer in [0, ${L}] (the padded length), got ${n}`);
    }
    out[b] = n;
    if (n !== L) full = false;
  }
  return full ? null : out;
}

/**
 * The time index sequence b processes at step s of a pass (s = 0, 1, ...), or −1 once it has ended.
 * Forward passes read t = s; reverse passes t = len − 1 − s.
 */
export function timeAt(
  s: number,
  b: number,
  L: number,
  lengths: Int32Array | null,
  reverse: boolean,
): number {
  const len = lengths ? lengths[b]! : L;
  if (s >= len) return -1;
  return reverse ? len - 1 - s : s;
}
