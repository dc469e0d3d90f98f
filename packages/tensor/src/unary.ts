// Unary elementwise math and its gradients.
import { recordOp } from './autograd';
import { allocate } from './dtype';
import { div, mul, sub } from './elementwise';
import { ValueError } from './errors';
import { contiguousStrides } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';

/** Evaluates f elementwise into a fresh contiguous tensor (no autograd). */
export function mapUnary(x: Tensor, f: (v: number) => number): Tensor {
  const out = allocate(x.dtype, x.size);
  const src = x.data;
  if (x.isContiguous()) {
    const o = x.offset;
    for (let i = 0; i < out.length; i++) out[i] = f(src[o + i]!);
  } else {
    forEachRow(x.shape, [contiguousStrides(x.shape), x.strides], [0, x.offset], (p, n, s) => {
      let i = p[1]!;
      const step = s[1]!;
      for (let k = 0, o = p[0]!; k < n; k++, i += step) out[o + k] = f(src[i]!);
    });
  }
  return new Tensor(out, x.shape);
}

/** Defines a differentiable unary op from its value and its derivative rule. */
export function unaryOp(
  name: string,
  f: (v: number) => number,
  grad: (g: Tensor, x: Tensor, out: Tensor) => Tensor,
): (x: Tensor) => Tensor {
  return (x: Tensor) => {
    const out = mapUnary(x, f);
    recordOp(name, [x], [out], ([g]) => [grad(g!, x, out)]);
    return out;
  };
}

export const neg = unaryOp(
  'neg',
  (v) => -v,
  (g) => neg(g),
);

export const exp: (x: Tensor) => Tensor = (x) => {
  // exp is hot (softmax, gates, discretisation): an explicit loop for contiguous input.
  let out: Tensor;
  if (x.isContiguous()) {
    const data = allocate(x.dtype, x.size);
    const src = x.data;
    const o = x.offset;
    for (let i = 0; i < data.length; i++) data[i] = Math.exp(src[o + i]!);
    out = new Tensor(data, x.shape);
  } else out = mapUnary(x, Math.exp);
  recordOp('exp', [x], [out], ([g]) => [mul(g!, out)]);
  return out;
};

export const log = unaryOp('log', Math.log, (g, x) => div(g, x));
export const sqrt = unaryOp('sqrt', Math.sqrt, (g, _x, out) => div(g, mul(out, 2)));
export const abs = unaryOp('abs', Math.abs, (g, x) => mul(g, mapUnary(x, Math.sign)));
export const square = unaryOp(
  'square',
  (v) => v * v,
  (g, x) => mul(g, mul(x, 2)),
);
export const reciprocal = unaryOp(
  'reciprocal',
  (v) => 1 / v,
  (g, _x, out) => neg(mul(g, mul(out, out))),
);
export const sin = unaryOp('sin', Math.sin, (g, x) => mul(g, cos(x)));
export const cos = unaryOp('cos', Math.cos, (g, x) => neg(mul(g, sin(x))));
export const sign = (x: Tensor): Tensor => mapUnary(x, Math.sign);
export const log1p = unaryOp('log1p', Math.log1p, (g, x) =>
  div(
    g,
    mapUnary(x, (v) => 1 + v),
  ),
);
export const expm1 = unaryOp('expm1', Math.expm1, (g, _x, out) =>
  mul(
    g,
    mapUnary(out, (v) => v + 1),
  ),
);

/** Clamps into [min, max]; the gradient passes where the input was inside. */
export function clamp(x: Tensor, min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): Tensor {
  if (min > max) throw new ValueError('clamp', `min ${min} exceeds max ${max}`);
  const out = mapUnary(x, (v) => (v < min ? min : Math.min(v, max)));
  recordOp('clamp', [x], [out], ([g]) => [
    mul(
      g!,
      mapUnary(x, (v) => (v >= min && v <= max ? 1 : 0)),
    ),
  ]);
  return out;
}

/** 1 − x, a common gate complement. */
export function oneMinus(x: Tensor): Tensor {
  return sub(1, x);
}
