// Reductions over any set of axes (sum, mean, max, min, argmax, argmin), and sumTo, which
// folds a broadcast gradient back onto the shape of the operand that was broadcast.
import { recordOp } from './autograd';
import { eq } from './compare-ops';
import { allocate } from './dtype';
import { div, mul } from './elementwise';
import { fmtShape, ShapeError } from './errors';
import { contiguousStrides, normalizeAxes, normalizeAxis, type Shape, sameShape, sizeOf } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';
import { expand, reshape } from './views';

interface Plan {
  axes: number[];
  keptShape: number[]; // input rank, reduced axes set to 1
  outShape: number[];
  /** Strides that walk the output in step with the input (0 on reduced axes). */
  outStrides: number[];
  count: number;
}

function plan(op: string, x: Tensor, axes: number | readonly number[] | undefined, keepdims: boolean): Plan {
  const ax = normalizeAxes(op, axes, x.ndim);
  const keptShape = x.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const outShape = keepdims ? keptShape : x.shape.filter((_, i) => !ax.includes(i));
  const ks = contiguousStrides(keptShape);
  const outStrides = ks.map((s, i) => (ax.includes(i) ? 0 : s));
  let count = 1;
  for (const a of ax) count *= x.shape[a]!;
  return { axes: ax, keptShape, outShape, outStrides, count };
}

/** Σ over axes; float32 input accumulates in float64 so long sums stay accurate. */
function sumValues(x: Tensor, p: Plan): Float64Array {
  const acc = new Float64Array(sizeOf(p.keptShape));
  const src = x.data;
  forEachRow(x.shape, [p.outStrides, x.strides], [0, x.offset], (pos, n, s) => {
    let o = pos[0]!;
    let i = pos[1]!;
    const so = s[0]!;
    const si = s[1]!;
    if (so === 0) {
      let t = 0;
      for (let k = 0; k < n; k++, i += si) t += src[i]!;
      acc[o]! += t;
    } else for (let k = 0; k < n; k++, i += si, o += so) acc[o]! += src[i]!;
  });
  return acc;
}

function finish(x: Tensor, values: ArrayLike<number>, shape: Shape): Tensor {
  const out = allocate(x.dtype, values.length);
  out.set(values);
  return new Tensor(out, shape);
}

/** Sum over `axes` (all when omitted). x: [...] -> reduced. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const p = plan('sum', x, axes, keepdims);
  const out = finish(x, sumValues(x, p), p.outShape);
  recordOp('sum', [x], [out], ([g]) => [expand(reshape(g!, p.keptShape), x.shape)]);
  return out;
}

/** Mean over `axes` (all when omitted). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const p = plan('mean', x, axes, keepdims);
  const acc = sumValues(x, p);
  for (let i = 0; i < acc.length; i++) acc[i]! /= p.count;
  const out = finish(x, acc, p.outShape);
  recordOp('mean', [x], [out], ([g]) => [expand(reshape(mul(g!, 1 / p.count), p.keptShape), x.shape)]);
  return out;
}

function extremum(
  op: 'max' | 'min',
  x: Tensor,
  axes: number | readonly number[] | undefined,
  keepdims: boolean,
): Tensor {
  const p = plan(op, x, axes, keepdims);
  if (x.size === 0 || p.count === 0)
    throw new ShapeError(op, `cannot reduce an empty tensor of shape ${fmtShape(x.shape)}`);
  const acc = new Float64Array(sizeOf(p.keptShape)).fill(
    op === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
  );
  const src = x.data;
  const better = op === 'max' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  forEachRow(x.shape, [p.outStrides, x.strides], [0, x.offset], (pos, n, s) => {
    let o = pos[0]!;
    let i = pos[1]!;
    for (let k = 0; k < n; k++, i += s[1]!, o += s[0]!) {
      const v = src[i]!;
      // NaN wins, as in NumPy: a max over data with a NaN is NaN.
      if (better(v, acc[o]!) || Number.isNaN(v)) acc[o] = v;
    }
  });
  const out = finish(x, acc, p.outShape);
  recordOp(op, [x], [out], ([g]) => {
    // The gradient goes to the extremal elements, split evenly between ties.
    const kept = reshape(out, p.keptShape);
    const mask = eq(x, kept);
    const ties = sum(mask, p.axes, true);
    return [mul(expand(reshape(g!, p.keptShape), x.shape), div(mask, ties))];
  });
  return out;
}

export function max(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return extremum('max', x, axes, keepdims);
}

export function min(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return extremum('min', x, axes, keepdims);
}

function argExtremum(
  op: 'argmax' | 'argmin',
  x: Tensor,
  axis: number | undefined,
  keepdims: boolean,
): Tensor {
  if (axis === undefined) {
    const flat = reshape(x.contiguous(), [x.size]);
    return argExtremum(op, flat, 0, false);
  }
  const a = normalizeAxis(op, axis, x.ndim);
  const n = x.shape[a]!;
  if (n === 0) throw new ShapeError(op, `axis ${axis} is empty in shape ${fmtShape(x.shape)}`);
  const outShape = keepdims ? x.shape.map((d, i) => (i === a ? 1 : d)) : x.shape.filter((_, i) => i !== a);
  const outer = x.shape.filter((_, i) => i !== a);
  const outerStrides = x.strides.filter((_, i) => i !== a);
  const out = allocate(x.dtype, sizeOf(outer));
  const src = x.data;
  const step = x.strides[a]!;
  const better = op === 'argmax' ? (u: number, v: number) => u > v : (u: number, v: number) => u < v;
  let o = 0;
  forEachRow(outer, [outerStrides], [x.offset], (pos, len, s) => {
    for (let k = 0, base = pos[0]!; k < len; k++, base += s[0]!) {
      let best = 0;
      let bv = src[base]!;
      for (let j = 1; j < n; j++) {
        const v = src[base + j * step]!;
        if (Number.isNaN(bv)) break;
        if (better(v, bv) || Number.isNaN(v)) {
          bv = v;
          best = j;
        }
      }
      out[o++] = best;
    }
  });
  return new Tensor(out, outShape);
}

/** Index of the largest element along `axis` (over the flattened tensor when omitted); first on ties. */
export function argmax(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argExtremum('argmax', x, axis, keepdims);
}

export function argmin(x: Tensor, axis?: number, keepdims = false): Tensor {
  return argExtremum('argmin', x, axis, keepdims);
}

/** Sums a broadcast result back onto `shape` (the gradient rule of broadcasting). */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0)
    throw new ShapeError('sumTo', `cannot sum ${fmtShape(g.shape)} onto the larger shape ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) axes.push(i);
    else if (shape[i - lead] !== g.shape[i]) {
      throw new ShapeError('sumTo', `${fmtShape(g.shape)} is not a broadcast of ${fmtShape(shape)}`);
    }
  }
  return reshape(sum(g, axes, true), shape);
}
