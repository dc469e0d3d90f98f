// Views: new shapes over the same storage. reshape copies only when the data is not laid out
// so that the new shape can be expressed with strides.
import { recordOp } from './autograd';
import { toContiguousArray } from './copy';
import { allocate } from './dtype';
import { fmtShape, ShapeError, ValueError } from './errors';
import { sumTo } from './reduce';
import { checkShape, normalizeAxes, normalizeAxis, sameShape, sizeOf } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';

function view(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(x.data, shape, strides, offset);
}

/** A contiguous copy (or x itself when already contiguous). */
export function contiguous(x: Tensor): Tensor {
  if (x.isContiguous()) return x;
  return clone(x);
}

/** A contiguous copy that owns its storage. Differentiable. */
export function clone(x: Tensor): Tensor {
  const out = new Tensor(toContiguousArray(x), x.shape);
  recordOp('clone', [x], [out], ([g]) => [g]);
  return out;
}

/**
 * Strides that view (shape, strides) as newShape without copying, or null when the layout does
 * not allow it. Old dimensions are grouped into chunks that are contiguous among themselves;
 * each chunk must map onto whole new dimensions (the rule torch.Tensor.view follows).
 */
function viewStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (sizeOf(shape) === 1) return newShape.map(() => 1);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    const chunkEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase);
    if (!chunkEnds) continue;
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      out[viewD] = viewNumel * chunkBase;
      viewNumel *= newShape[viewD]!;
      viewD--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (d > 0) {
      chunkBase = strides[d - 1]!;
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewD === -1 ? out : null;
}

/** A new shape with the same elements in row-major order; one dimension may be -1. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = [...shape];
  const infer = target.indexOf(-1);
  if (infer !== -1) {
    if (target.lastIndexOf(-1) !== infer)
      throw new ShapeError('reshape', `only one dimension may be -1, got ${fmtShape(shape)}`);
    const known = sizeOf(target.filter((_, i) => i !== infer));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        'reshape',
        `cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}`,
      );
    }
    target[infer] = x.size / known;
  }
  checkShape('reshape', target);
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(
      'reshape',
      `cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}`,
    );
  }
  const strides = x.size === 0 ? null : viewStrides(x.shape, x.strides, target);
  const out = strides ? view(x, target, strides, x.offset) : new Tensor(toContiguousArray(x), target);
  recordOp('reshape', [x], [out], ([g]) => [reshape(g!, x.shape)]);
  return out;
}

/** Merges axes start..end into one. */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten', startAxis, x.ndim);
  const e = normalizeAxis('flatten', endAxis, x.ndim);
  if (s > e) throw new ShapeError('flatten', `start axis ${startAxis} is after end axis ${endAxis}`);
  const merged = sizeOf(x.shape.slice(s, e + 1));
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Reorders axes: out.shape[i] = x.shape[axes[i]]. */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  if (axes.length !== x.ndim) {
    throw new ShapeError(
      'permute',
      `needs ${x.ndim} axes for shape ${fmtShape(x.shape)}, got [${axes.join(', ')}]`,
    );
  }
  const ax = axes.map((a) => normalizeAxis('permute', a, x.ndim));
  if (new Set(ax).size !== ax.length)
    throw new ShapeError('permute', `axes [${axes.join(', ')}] repeat an axis`);
  const out = view(
    x,
    ax.map((a) => x.shape[a]!),
    ax.map((a) => x.strides[a]!),
    x.offset,
  );
  const inverse = new Array<number>(ax.length);
  ax.forEach((a, i) => (inverse[a] = i));
  recordOp('permute', [x], [out], ([g]) => [permute(g!, inverse)]);
  return out;
}

/** Swaps two axes (default: the last two). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.ndim < 2 && axis0 === -2 && axis1 === -1) return x;
  const a = normalizeAxis('transpose', axis0, x.ndim);
  const b = normalizeAxis('transpose', axis1, x.ndim);
  const axes = Array.from({ length: x.ndim }, (_, i) => i);
  axes[a] = b;
  axes[b] = a;
  return permute(x, axes);
}

/** Elements start, start+step, ... < end along `axis` (negative start/end count from the end; clipped like Python). */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  const a = normalizeAxis('slice', axis, x.ndim);
  if (!Number.isInteger(step) || step <= 0)
    throw new ValueError('slice', `step must be a positive integer, got ${step}`);
  const n = x.shape[a]!;
  const clip = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const s = clip(start);
  const e = end === undefined ? n : clip(end);
  const len = Math.max(0, Math.ceil((e - s) / step));
  const shape = [...x.shape];
  shape[a] = len;
  const strides = [...x.strides];
  strides[a] = x.strides[a]! * step;
  const out = view(x, shape, strides, x.offset + (len > 0 ? s * x.strides[a]! : 0));
  recordOp('slice', [x], [out], ([g]) => [scatterSlice(g!, x.shape, a, s, len, step)]);
  return out;
}

/** The gradient of slice: g placed into zeros of the source shape. */
function scatterSlice(
  g: Tensor,
  shape: readonly number[],
  axis: number,
  start: number,
  len: number,
  step: number,
): Tensor {
  const out = new Tensor(allocate(g.dtype, sizeOf(shape)), shape);
  copyInto(slice(out, axis, start, start + len * step, step), g);
  return out;
}

/** Writes src's values into the view dst (same shape). Internal: the one place that mutates a view. */
export function copyInto(dst: Tensor, src: Tensor): void {
  if (!sameShape(dst.shape, src.shape)) {
    throw new ShapeError(
      'copyInto',
      `source ${fmtShape(src.shape)} does not match destination ${fmtShape(dst.shape)}`,
    );
  }
  const from = src.data;
  const to = dst.data;
  forEachRow(dst.shape, [dst.strides, src.strides], [dst.offset, src.offset], (pos, n, st) => {
    let o = pos[0]!;
    let i = pos[1]!;
    for (let k = 0; k < n; k++, o += st[0]!, i += st[1]!) to[o] = from[i]!;
  });
}

/** x[index] along `axis`, dropping the axis. */
export function select(x: Tensor, axis: number, index: number): Tensor {
  const a = normalizeAxis('select', axis, x.ndim);
  const n = x.shape[a]!;
  const i = index < 0 ? index + n : index;
  if (!Number.isInteger(i) || i < 0 || i >= n)
    throw new ShapeError('select', `index ${index} out of range for axis ${axis} of size ${n}`);
  return squeeze(slice(x, a, i, i + 1), a);
}

/** Broadcasts to `shape` without copying (stride 0 on stretched axes); -1 keeps a dimension. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0)
    throw new ShapeError(
      'expand',
      `cannot expand ${fmtShape(x.shape)} to the smaller rank of ${fmtShape(shape)}`,
    );
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  checkShape('expand', target);
  const strides = target.map((d, i) => {
    if (i < lead) return 0;
    const src = x.shape[i - lead]!;
    if (src === d) return x.strides[i - lead]!;
    if (src === 1) return 0;
    throw new ShapeError(
      'expand',
      `cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)} (dimension ${i}: ${src} vs ${d})`,
    );
  });
  const out = view(x, target, strides, x.offset);
  recordOp('expand', [x], [out], ([g]) => [sumTo(g!, x.shape)]);
  return out;
}

/** Drops axes of size 1 (all of them, or the ones named). */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const axes =
    axis === undefined
      ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
      : normalizeAxes('squeeze', axis, x.ndim);
  for (const a of axes) {
    if (x.shape[a] !== 1)
      throw new ShapeError('squeeze', `axis ${a} has size ${x.shape[a]}, not 1, in ${fmtShape(x.shape)}`);
  }
  const keep = (_: number, i: number) => !axes.includes(i);
  const out = view(x, x.shape.filter(keep), x.strides.filter(keep), x.offset);
  recordOp('squeeze', [x], [out], ([g]) => [reshape(g!, x.shape)]);
  return out;
}

/** Inserts an axis of size 1 at `axis` (in the result's numbering). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis('unsqueeze', axis, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape.splice(a, 0, 1);
  strides.splice(a, 0, a < x.ndim ? x.strides[a]! * x.shape[a]! : 1);
  const out = view(x, shape, strides, x.offset);
  recordOp('unsqueeze', [x], [out], ([g]) => [reshape(g!, x.shape)]);
  return out;
}

/** Reverses the order along `axis` (a view with a negative stride). */
export function flip(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis('flip', axis, x.ndim);
  const n = x.shape[a]!;
  const strides = [...x.strides];
  strides[a] = -x.strides[a]!;
  const out = view(x, x.shape, strides, x.offset + (n > 0 ? (n - 1) * x.strides[a]! : 0));
  recordOp('flip', [x], [out], ([g]) => [flip(g!, a)]);
  return out;
}
