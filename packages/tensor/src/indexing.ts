// Index-based selection: indexSelect (rows of an embedding table), gather, where, and the
// scatter-adds that are their gradients. Indices are integer-valued numbers.
import { recordOp } from './autograd';
import { allocate, sameDType } from './dtype';
import { applyBinary, mul, sub } from './elementwise';
import { fmtShape, ShapeError, ValueError } from './errors';
import { sumTo } from './reduce';
import { broadcastMany, broadcastStrides, contiguousStrides, normalizeAxis, sizeOf } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';
import { contiguous } from './views';

export type Indices = Tensor | readonly number[] | Int32Array;

function indexValues(op: string, idx: Indices, bound: number): { values: Int32Array; shape: number[] } {
  let raw: ArrayLike<number>;
  let shape: number[];
  if (idx instanceof Tensor) {
    raw = idx.toArray();
    shape = [...idx.shape];
  } else {
    raw = idx;
    shape = [idx.length];
  }
  const values = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let v = raw[i]!;
    if (!Number.isInteger(v)) throw new ValueError(op, `index ${v} is not an integer`);
    if (v < 0) v += bound;
    if (v < 0 || v >= bound)
      throw new ValueError(op, `index ${raw[i]} out of range for a dimension of size ${bound}`);
    values[i] = v;
  }
  return { values, shape };
}

/** Picks entries along `axis`: out = x.take(indices, axis); indices may be n-d (their shape replaces the axis). */
export function indexSelect(x: Tensor, axis: number, indices: Indices): Tensor {
  const a = normalizeAxis('indexSelect', axis, x.ndim);
  const { values, shape: ishape } = indexValues('indexSelect', indices, x.shape[a]!);
  const src = contiguous(x.detach());
  const outer = sizeOf(x.shape.slice(0, a));
  const n = x.shape[a]!;
  const inner = sizeOf(x.shape.slice(a + 1));
  const m = values.length;
  const out = allocate(x.dtype, outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const from = src.offset + (o * n + values[j]!) * inner;
      out.set(src.data.subarray(from, from + inner), (o * m + j) * inner);
    }
  }
  const outShape = [...x.shape.slice(0, a), ...ishape, ...x.shape.slice(a + 1)];
  const result = new Tensor(out, outShape);
  recordOp('indexSelect', [x], [result], ([g]) => {
    const gc = contiguous(g!);
    const gx = allocate(x.dtype, x.size);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const to = (o * n + values[j]!) * inner;
        const from = gc.offset + (o * m + j) * inner;
        for (let i = 0; i < inner; i++) gx[to + i]! += gc.data[from + i]!;
      }
    }
    return [new Tensor(gx, x.shape)];
  });
  return result;
}

/** torch.gather: out[..., i, ...] = x[..., index[..., i, ...], ...] along `axis`; index has x's rank. */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis('gather', axis, x.ndim);
  if (index.ndim !== x.ndim)
    throw new ShapeError('gather', `index rank ${index.ndim} must equal input rank ${x.ndim}`);
  for (let d = 0; d < x.ndim; d++) {
    if (d !== a && index.shape[d]! > x.shape[d]!) {
      throw new ShapeError(
        'gather',
        `index shape ${fmtShape(index.shape)} exceeds input shape ${fmtShape(x.shape)} at dimension ${d}`,
      );
    }
  }
  const { values } = indexValues('gather', index, x.shape[a]!);
  const shape = index.shape;
  const out = allocate(x.dtype, sizeOf(shape));
  // Row-major positions in x (not in its storage, which a broadcast view may share), for the gradient.
  const positions = new Int32Array(out.length);
  const cs = contiguousStrides(shape);
  const xs = contiguousStrides(x.shape);
  for (let flat = 0; flat < out.length; flat++) {
    let rem = flat;
    let p = x.offset;
    let q = 0;
    for (let d = 0; d < shape.length; d++) {
      const i = Math.floor(rem / cs[d]!);
      rem -= i * cs[d]!;
      const j = d === a ? values[flat]! : i;
      p += j * x.strides[d]!;
      q += j * xs[d]!;
    }
    positions[flat] = q;
    out[flat] = x.data[p]!;
  }
  const result = new Tensor(out, shape);
  recordOp('gather', [x], [result], ([g]) => {
    const gc = contiguous(g!);
    const gx = allocate(x.dtype, x.size);
    for (let i = 0; i < positions.length; i++) gx[positions[i]!]! += gc.data[gc.offset + i]!;
    return [new Tensor(gx, x.shape)];
  });
  return result;
}

/** Elementwise choice: a where cond ≠ 0, else b (broadcasting all three). */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : cond;
  const ta = a instanceof Tensor ? a : new Tensor(allocate(like.dtype, 1).fill(a), []);
  const tb = b instanceof Tensor ? b : new Tensor(allocate(like.dtype, 1).fill(b), []);
  const dtype = sameDType('where', ta.dtype, tb.dtype);
  const shape = broadcastMany('where', [cond.shape, ta.shape, tb.shape]);
  const out = allocate(dtype, sizeOf(shape));
  forEachRow(
    shape,
    [contiguousStrides(shape), ...[cond, ta, tb].map((t) => broadcastStrides(t.shape, t.strides, shape))],
    [0, cond.offset, ta.offset, tb.offset],
    (p, n, s) => {
      let c = p[1]!;
      let i = p[2]!;
      let j = p[3]!;
      for (let k = 0, o = p[0]!; k < n; k++, c += s[1]!, i += s[2]!, j += s[3]!)
        out[o + k] = cond.data[c] !== 0 ? ta.data[i]! : tb.data[j]!;
    },
  );
  const result = new Tensor(out, shape);
  recordOp('where', [ta, tb], [result], ([g]) => {
    const mask = applyBinary(
      'where',
      cond.dtype === dtype ? cond : cond.to(dtype),
      new Tensor(allocate(dtype, 1), []),
      (o, oo, x, ix, sx, _y, _iy, _sy, n) => {
        for (let k = 0; k < n; k++, ix += sx) o[oo + k] = x[ix] !== 0 ? 1 : 0;
      },
    );
    return [
      ta.requiresGrad ? sumTo(mul(g!, mask), ta.shape) : null,
      tb.requiresGrad ? sumTo(mul(g!, sub(1, mask)), tb.shape) : null,
    ];
  });
  return result;
}

/** x with `value` wherever mask ≠ 0 (a gradient of zero there). */
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  return where(mask, value, x);
}
