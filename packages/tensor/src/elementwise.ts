// Binary elementwise arithmetic with NumPy broadcasting, and its gradients.
//
// Each op has an explicit row loop: one tight loop per op keeps V8 from sharing (and so
// de-optimising) a generic callback across ops; the common cases (same shape, scalar operand)
// are one row over the whole array thanks to dimension coalescing.
import { recordOp } from './autograd';
import { allocate, sameDType, type TypedArray } from './dtype';
import { sumTo } from './reduce';
import { broadcastShapes, broadcastStrides, contiguousStrides, sameShape, sizeOf } from './shape';
import { forEachRow } from './strided';
import { Tensor, type TensorLike } from './tensor';

/** Writes out[o .. o+n) from x (start ix, step sx) and y (start iy, step sy). */
export type RowLoop2 = (
  out: TypedArray,
  o: number,
  x: TypedArray,
  ix: number,
  sx: number,
  y: TypedArray,
  iy: number,
  sy: number,
  n: number,
) => void;

/** Turns a number operand into a 0-d tensor of the other operand's dtype. */
export function asTensor(x: TensorLike, like: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  const dtype = like instanceof Tensor ? like.dtype : 'float32';
  const data = allocate(dtype, 1);
  data[0] = x;
  return new Tensor(data, []);
}

/** Evaluates a binary row loop over the broadcast of x and y (no autograd). */
export function applyBinary(op: string, x: Tensor, y: Tensor, loop: RowLoop2): Tensor {
  const dtype = sameDType(op, x.dtype, y.dtype);
  const shape = sameShape(x.shape, y.shape) ? x.shape : broadcastShapes(op, x.shape, y.shape);
  const out = allocate(dtype, sizeOf(shape));
  const xs = broadcastStrides(x.shape, x.strides, shape);
  const ys = broadcastStrides(y.shape, y.strides, shape);
  forEachRow(shape, [contiguousStrides(shape), xs, ys], [0, x.offset, y.offset], (p, n, s) => {
    loop(out, p[0]!, x.data, p[1]!, s[1]!, y.data, p[2]!, s[2]!, n);
  });
  return new Tensor(out, shape);
}

const addLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  if (sx === 1 && sy === 1) for (let k = 0; k < n; k++) out[o + k] = x[ix + k]! + y[iy + k]!;
  else for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = x[ix]! + y[iy]!;
};
const subLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  if (sx === 1 && sy === 1) for (let k = 0; k < n; k++) out[o + k] = x[ix + k]! - y[iy + k]!;
  else for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = x[ix]! - y[iy]!;
};
const mulLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  if (sx === 1 && sy === 1) for (let k = 0; k < n; k++) out[o + k] = x[ix + k]! * y[iy + k]!;
  else for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = x[ix]! * y[iy]!;
};
const divLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = x[ix]! / y[iy]!;
};
const powLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = x[ix]! ** y[iy]!;
};
const maxLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  for (let k = 0; k < n; k++, ix += sx, iy += sy) {
    const a = x[ix]!;
    const b = y[iy]!;
    out[o + k] = a > b || Number.isNaN(a) ? a : b;
  }
};
const minLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  for (let k = 0; k < n; k++, ix += sx, iy += sy) {
    const a = x[ix]!;
    const b = y[iy]!;
    out[o + k] = a < b || Number.isNaN(a) ? a : b;
  }
};
/** 1 where x > y, 0.5 on ties, else 0: the share of max(x, y)'s gradient that goes to x. */
const maxShareLoop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
  for (let k = 0; k < n; k++, ix += sx, iy += sy)
    out[o + k] = x[ix]! > y[iy]! ? 1 : x[ix] === y[iy] ? 0.5 : 0;
};

type Grad2 = (g: Tensor, x: Tensor, y: Tensor, out: Tensor) => [Tensor | null, Tensor | null];

function binary(op: string, a: TensorLike, b: TensorLike, loop: RowLoop2, grad: Grad2): Tensor {
  const x = asTensor(a, b);
  const y = asTensor(b, a);
  const out = applyBinary(op, x, y, loop);
  recordOp(op, [x, y], [out], ([g]) => {
    const [gx, gy] = grad(g!, x, y, out);
    return [
      gx && x.requiresGrad ? sumTo(gx, x.shape) : null,
      gy && y.requiresGrad ? sumTo(gy, y.shape) : null,
    ];
  });
  return out;
}

/** x + y, broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary('add', a, b, addLoop, (g) => [g, g]);
}

/** x − y, broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary('sub', a, b, subLoop, (g, _x, y) => [g, y.requiresGrad ? neg0(g) : null]);
}

/** x · y, broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary('mul', a, b, mulLoop, (g, x, y) => [
    x.requiresGrad ? mul(g, y) : null,
    y.requiresGrad ? mul(g, x) : null,
  ]);
}

/** x / y, broadcasting. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary('div', a, b, divLoop, (g, x, y, out) => [
    x.requiresGrad ? div(g, y) : null,
    y.requiresGrad ? neg0(div(mul(g, out), y)) : null,
  ]);
}

/** x ** y, broadcasting. d/dy uses log(x), defined for x > 0. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  return binary('pow', a, b, powLoop, (g, x, y, out) => [
    x.requiresGrad ? mul(g, mul(y, pow(x, sub(y, 1)))) : null,
    y.requiresGrad ? mul(g, mul(out, logNoGrad(x))) : null,
  ]);
}

/** Elementwise maximum; on ties the gradient is split evenly. NaN propagates. */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return binary('maximum', a, b, maxLoop, (g, x, y) => {
    const share = applyBinary('maximum', x, y, maxShareLoop);
    return [mul(g, share), mul(g, sub(1, share))];
  });
}

/** Elementwise minimum; on ties the gradient is split evenly. NaN propagates. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return binary('minimum', a, b, minLoop, (g, x, y) => {
    const share = applyBinary('minimum', y, x, maxShareLoop);
    return [mul(g, share), mul(g, sub(1, share))];
  });
}

function neg0(t: Tensor): Tensor {
  return mul(t, -1);
}

function logNoGrad(t: Tensor): Tensor {
  const src = t.contiguous();
  const out = allocate(t.dtype, t.size);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(src.data[src.offset + i]!);
  return new Tensor(out, t.shape);
}
