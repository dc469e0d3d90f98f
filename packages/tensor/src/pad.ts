// Constant padding.
import { recordOp } from './autograd';
import { allocate } from './dtype';
import { fmtShape, ShapeError, ValueError } from './errors';
import { sizeOf } from './shape';
import { Tensor } from './tensor';
import { copyInto, slice } from './views';

/**
 * Pads with `value`: `widths[i] = [before, after]` for axis i (NumPy's np.pad order). Fewer
 * pairs than axes pad the trailing axes. x: [..., n] -> [..., before + n + after].
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], value = 0): Tensor {
  if (widths.length > x.ndim)
    throw new ShapeError('pad', `${widths.length} pad pairs for a tensor of shape ${fmtShape(x.shape)}`);
  const lead = x.ndim - widths.length;
  const pairs = x.shape.map((_, i) => (i < lead ? ([0, 0] as const) : widths[i - lead]!));
  for (const [b, e] of pairs) {
    if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e < 0) {
      throw new ValueError('pad', `pad widths must be non-negative integers, got [${b}, ${e}]`);
    }
  }
  const shape = x.shape.map((d, i) => d + pairs[i]![0] + pairs[i]![1]);
  const out = new Tensor(allocate(x.dtype, sizeOf(shape)).fill(value), shape);
  let inner = out;
  pairs.forEach(([b], i) => (inner = slice(inner, i, b, b + x.shape[i]!)));
  if (x.size > 0) copyInto(inner, x);
  recordOp('pad', [x], [out], ([g]) => {
    let gi = g!;
    pairs.forEach(([b], i) => (gi = slice(gi, i, b, b + x.shape[i]!)));
    return [gi];
  });
  return out;
}
