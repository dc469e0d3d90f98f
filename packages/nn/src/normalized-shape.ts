// The shared shape rule of LayerNorm and RMSNorm: the normalised dimensions are the trailing ones
// of the input, given as torch's normalized_shape (an int or a list).
import { fmtShape, ShapeError, ValueError } from '@seqmod/tensor';

/** normalized_shape as a list of positive integers. */
export function toNormalizedShape(op: string, s: number | readonly number[]): number[] {
  const shape = typeof s === 'number' ? [s] : [...s];
  if (shape.length === 0 || shape.some((d) => !(Number.isInteger(d) && d > 0))) {
    throw new ValueError(
      op,
      `normalizedShape must be one or more positive integers, got ${JSON.stringify(s)}`,
    );
  }
  return shape;
}

/** Checks that x ends in `shape`; returns the row length (product of shape) and the row count. */
export function normalizedRows(
  op: string,
  xShape: readonly number[],
  shape: readonly number[],
): { n: number; rows: number } {
  const k = shape.length;
  const tail = xShape.slice(xShape.length - k);
  if (xShape.length < k || tail.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `expected input [..., ${shape.join(', ')}], got ${fmtShape(xShape)}`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  const total = xShape.reduce((a, b) => a * b, 1);
  return { n, rows: n === 0 ? 0 : total / n };
}
