// Complex tensors as a pair of real tensors (re, im) of one shape and dtype.
//
// Every complex op is written with real ops, so autograd needs nothing new: the gradient of a
// real loss flows to re and im separately (equivalently, the conjugate Wirtinger derivative).
// The FFT and S4 kernels use this type at their boundaries and raw arrays inside.

import { atan2Values } from './complex-math';
import { allocate, type DType, sameDType, type TypedArray } from './dtype';
import { add, div, mul, sub } from './elementwise';
import { fmtShape, ShapeError } from './errors';
import { matmul } from './matmul';
import { sum } from './reduce';
import { sameShape } from './shape';
import { Tensor } from './tensor';
import { cos, exp, neg, sin, sqrt } from './unary';
import * as vw from './views';

export class ComplexTensor {
  readonly re: Tensor;
  readonly im: Tensor;

  constructor(re: Tensor, im: Tensor) {
    if (!sameShape(re.shape, im.shape)) {
      throw new ShapeError(
        'complex',
        `real part ${fmtShape(re.shape)} and imaginary part ${fmtShape(im.shape)} differ in shape`,
      );
    }
    sameDType('complex', re.dtype, im.dtype);
    this.re = re;
    this.im = im;
  }

  get shape(): readonly number[] {
    return this.re.shape;
  }
  get dtype(): DType {
    return this.re.dtype;
  }
  get size(): number {
    return this.re.size;
  }
  get ndim(): number {
    return this.re.ndim;
  }
  get requiresGrad(): boolean {
    return this.re.requiresGrad || this.im.requiresGrad;
  }

  /** Interleaved [re0, im0, re1, im1, ...] in row-major order. */
  toInterleaved(): TypedArray {
    const r = this.re.toArray();
    const i = this.im.toArray();
    const out = allocate(this.dtype, 2 * r.length);
    for (let k = 0; k < r.length; k++) {
      out[2 * k] = r[k]!;
      out[2 * k + 1] = i[k]!;
    }
    return out;
  }

  detach(): ComplexTensor {
    return new ComplexTensor(this.re.detach(), this.im.detach());
  }
  to(dtype: DType): ComplexTensor {
    return new ComplexTensor(this.re.to(dtype), this.im.to(dtype));
  }
  reshape(...shape: number[]): ComplexTensor {
    return new ComplexTensor(vw.reshape(this.re, shape), vw.reshape(this.im, shape));
  }
  transpose(a = -2, b = -1): ComplexTensor {
    return new ComplexTensor(vw.transpose(this.re, a, b), vw.transpose(this.im, a, b));
  }
  permute(...axes: number[]): ComplexTensor {
    return new ComplexTensor(vw.permute(this.re, axes), vw.permute(this.im, axes));
  }
  slice(axis: number, start: number, end?: number, step = 1): ComplexTensor {
    return new ComplexTensor(
      vw.slice(this.re, axis, start, end, step),
      vw.slice(this.im, axis, start, end, step),
    );
  }
  unsqueeze(axis: number): ComplexTensor {
    return new ComplexTensor(vw.unsqueeze(this.re, axis), vw.unsqueeze(this.im, axis));
  }
  expand(...shape: number[]): ComplexTensor {
    return new ComplexTensor(vw.expand(this.re, shape), vw.expand(this.im, shape));
  }
  contiguous(): ComplexTensor {
    return new ComplexTensor(vw.contiguous(this.re), vw.contiguous(this.im));
  }
  sum(axes?: number | readonly number[], keepdims = false): ComplexTensor {
    return new ComplexTensor(sum(this.re, axes, keepdims), sum(this.im, axes, keepdims));
  }
  add(o: ComplexLike): ComplexTensor {
    return cadd(this, o);
  }
  sub(o: ComplexLike): ComplexTensor {
    return csub(this, o);
  }
  mul(o: ComplexLike): ComplexTensor {
    return cmul(this, o);
  }
  div(o: ComplexLike): ComplexTensor {
    return cdiv(this, o);
  }
  conj(): ComplexTensor {
    return conj(this);
  }
  exp(): ComplexTensor {
    return cexp(this);
  }
  abs(): Tensor {
    return cabs(this);
  }
}

/** A complex operand: complex, real tensor, or a real number. */
export type ComplexLike = ComplexTensor | Tensor | number;

/** re + i·im. */
export function complex(re: Tensor, im?: Tensor): ComplexTensor {
  return new ComplexTensor(re, im ?? new Tensor(allocate(re.dtype, re.size), re.shape));
}

/** A complex tensor from interleaved [re, im, ...] data. */
export function complexFromInterleaved(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType = 'float64',
): ComplexTensor {
  const n = data.length >> 1;
  if (data.length !== 2 * shape.reduce((a, b) => a * b, 1)) {
    throw new ShapeError(
      'complexFromInterleaved',
      `${data.length} numbers cannot fill complex shape ${fmtShape(shape)}`,
    );
  }
  const re = allocate(dtype, n);
  const im = allocate(dtype, n);
  for (let k = 0; k < n; k++) {
    re[k] = data[2 * k]!;
    im[k] = data[2 * k + 1]!;
  }
  return new ComplexTensor(new Tensor(re, shape), new Tensor(im, shape));
}

function parts(x: ComplexLike, like: ComplexTensor): [Tensor, Tensor | null] {
  if (x instanceof ComplexTensor) return [x.re, x.im];
  if (x instanceof Tensor) return [x, null];
  const t = new Tensor(allocate(like.dtype, 1).fill(x), []);
  return [t, null];
}

export function cadd(a: ComplexTensor, b: ComplexLike): ComplexTensor {
  const [br, bi] = parts(b, a);
  return new ComplexTensor(
    add(a.re, br),
    bi ? add(a.im, bi) : vw.contiguous(vw.expand(a.im, broadcastOf(a.im, br))),
  );
}

export function csub(a: ComplexTensor, b: ComplexLike): ComplexTensor {
  const [br, bi] = parts(b, a);
  return new ComplexTensor(
    sub(a.re, br),
    bi ? sub(a.im, bi) : vw.contiguous(vw.expand(a.im, broadcastOf(a.im, br))),
  );
}

function broadcastOf(x: Tensor, y: Tensor): number[] {
  const n = Math.max(x.ndim, y.ndim);
  return Array.from({ length: n }, (_, i) =>
    Math.max(x.shape[x.ndim - n + i] ?? 1, y.shape[y.ndim - n + i] ?? 1),
  );
}

/** (a + ib)(c + id) = (ac − bd) + i(ad + bc). */
export function cmul(a: ComplexTensor, b: ComplexLike): ComplexTensor {
  const [br, bi] = parts(b, a);
  if (!bi) return new ComplexTensor(mul(a.re, br), mul(a.im, br));
  return new ComplexTensor(sub(mul(a.re, br), mul(a.im, bi)), add(mul(a.re, bi), mul(a.im, br)));
}

/** a / b = a·conj(b) / |b|². */
export function cdiv(a: ComplexTensor, b: ComplexLike): ComplexTensor {
  const [br, bi] = parts(b, a);
  if (!bi) return new ComplexTensor(div(a.re, br), div(a.im, br));
  const den = add(mul(br, br), mul(bi, bi));
  return new ComplexTensor(
    div(add(mul(a.re, br), mul(a.im, bi)), den),
    div(sub(mul(a.im, br), mul(a.re, bi)), den),
  );
}

export function conj(a: ComplexTensor): ComplexTensor {
  return new ComplexTensor(a.re, neg(a.im));
}

/** e^{a+ib} = e^a (cos b + i sin b). */
export function cexp(a: ComplexTensor): ComplexTensor {
  const m = exp(a.re);
  return new ComplexTensor(mul(m, cos(a.im)), mul(m, sin(a.im)));
}

/** |a + ib|. (Its gradient is undefined at 0, where it returns NaN like any sqrt at 0.) */
export function cabs(a: ComplexTensor): Tensor {
  return sqrt(add(mul(a.re, a.re), mul(a.im, a.im)));
}

/** arg(a + ib) in (−π, π] (not differentiable). */
export function cangle(a: ComplexTensor): Tensor {
  return atan2Values(a.im, a.re);
}

export function real(a: ComplexTensor): Tensor {
  return a.re;
}

export function imag(a: ComplexTensor): Tensor {
  return a.im;
}

/** Complex matrix product with matmul's batching rules. */
export function cmatmul(a: ComplexTensor, b: ComplexTensor): ComplexTensor {
  return new ComplexTensor(
    sub(matmul(a.re, b.re), matmul(a.im, b.im)),
    add(matmul(a.re, b.im), matmul(a.im, b.re)),
  );
}
