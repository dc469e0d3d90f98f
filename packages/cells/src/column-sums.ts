// Bias gradients: the column sums of a row-major matrix of per-row gradients.
import { allocate, Tensor, type TypedArray } from '@seqmod/tensor';

/** g: [rows, cols] row-major from `offset` -> [cols], summed in float64, in `like`'s dtype. */
export function columnSums(g: TypedArray, offset: number, rows: number, cols: number, like: Tensor): Tensor {
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0, o = offset + r * cols; j < cols; j++) acc[j] += g[o + j]!;
  const out = allocate(like.dtype, cols);
  out.set(acc);
  return new Tensor(out, [cols]);
}
