// The Tensor: a typed-array storage seen through a shape, strides and an offset.
//
// Views (reshape of contiguous data, transpose, permute, slice, expand) share storage; ops that
// need contiguous data copy only then. Tensors are immutable to users: ops return new tensors,
// so a view can never be corrupted through another. Method forms below delegate to the free
// functions of the op modules (one concept per module).
import * as act from './activations';
import type { GradNode } from './autograd';
import { runBackward } from './backward';
import * as cmp from './compare-ops';
import { castTo, toContiguousArray } from './copy';
import { type DType, dtypeOf, type TypedArray } from './dtype';
import * as ew from './elementwise';
import { ShapeError, ValueError } from './errors';
import { formatTensor } from './format';
import { matmul } from './matmul';
import * as red from './reduce';
import { contiguousStrides, type Shape, sizeOf } from './shape';
import * as sm from './softmax';
import * as un from './unary';
import * as vw from './views';

export type Scalar = number;
export type TensorLike = Tensor | number;
export type NestedArray = number | NestedArray[];

export class Tensor {
  /** Storage, possibly shared with other views. Read elements through shape/strides/offset. */
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Whether gradients flow to (leaf) or through (op result) this tensor. */
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf after backward(); shaped like this tensor. */
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves). */
  node: GradNode | null = null;
  /** Which output of `node` this tensor is. */
  outputIndex = 0;

  constructor(data: TypedArray, shape: Shape, strides?: readonly number[], offset = 0, requiresGrad = false) {
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    this.dtype = dtypeOf(data);
    this.requiresGrad = requiresGrad;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when this tensor's elements lie in row-major order at data[offset .. offset + size). */
  isContiguous(): boolean {
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]!;
      if (d !== 1 && this.strides[i] !== s) return false;
      s *= d;
    }
    return true;
  }

  /** A leaf is a tensor no recorded op produced. */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** @internal Used by recordOp. */
  attachNode(node: GradNode, index: number): void {
    this.node = node;
    this.outputIndex = index;
    this.requiresGrad = true;
  }

  /** Sets requiresGrad on a leaf (chainable). */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && !flag)
      throw new ValueError('requiresGrad_', 'cannot switch off gradients of an op result; use detach()');
    this.requiresGrad = flag;
    return this;
  }

  /** Keeps the gradient of this intermediate tensor in `.grad` during backward(). */
  retainGrad(): this {
    if (this.node) {
      this.node.retained ??= [];
      this.node.retained[this.outputIndex] = this;
    }
    return this;
  }

  /** Back-propagates from this tensor (a scalar unless `grad` is given) into the leaves' `.grad`. */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  /** Clears `.grad`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** The same values, cut from the tape. Shares storage. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, this.strides, this.offset, false);
  }

  /** The values as a fresh row-major typed array of this dtype. */
  toArray(): TypedArray {
    return toContiguousArray(this);
  }

  /** The values as nested JS arrays (a number for a 0-d tensor). */
  toNested(): NestedArray {
    const flat = this.toArray();
    const build = (dim: number, base: number): NestedArray => {
      if (dim === this.shape.length) return flat[base]!;
      const n = this.shape[dim]!;
      const step = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, base + i * step);
      return out;
    };
    return build(0, 0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError('item', `needs a one-element tensor, got shape [${this.shape.join(', ')}]`);
    return this.data[this.offset]!;
  }

  /** Element at a full index (negative indices count from the end). */
  get(...index: number[]): number {
    if (index.length !== this.ndim) {
      throw new ShapeError('get', `needs ${this.ndim} indices, got ${index.length}`);
    }
    let p = this.offset;
    for (let i = 0; i < index.length; i++) {
      const n = this.shape[i]!;
      let k = index[i]!;
      if (k < 0) k += n;
      if (!Number.isInteger(k) || k < 0 || k >= n)
        throw new ShapeError('get', `index ${index[i]} out of range for dimension ${i} of size ${n}`);
      p += k * this.strides[i]!;
    }
    return this.data[p]!;
  }

  toString(): string {
    return formatTensor(this);
  }

  /** Converts to another dtype (a copy unless it is the same dtype). Differentiable. */
  to(dtype: DType): Tensor {
    return castTo(this, dtype);
  }

  /** A contiguous tensor with these values: this one when already contiguous. */
  contiguous(): Tensor {
    return vw.contiguous(this);
  }

  clone(): Tensor {
    return vw.clone(this);
  }

  // ---- views ----
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return vw.reshape(this, flatArgs(shape));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return vw.reshape(this, flatArgs(shape));
  }
  flatten(startAxis = 0, endAxis = -1): Tensor {
    return vw.flatten(this, startAxis, endAxis);
  }
  transpose(axis0 = -2, axis1 = -1): Tensor {
    return vw.transpose(this, axis0, axis1);
  }
  /** Transpose of the last two axes. */
  get T(): Tensor {
    return vw.transpose(this, -2, -1);
  }
  permute(...axes: number[] | [readonly number[]]): Tensor {
    return vw.permute(this, flatArgs(axes));
  }
  slice(axis: number, start: number, end?: number, step = 1): Tensor {
    return vw.slice(this, axis, start, end, step);
  }
  /** index along an axis, dropping it: x.select(0, 2) = x[2]. */
  select(axis: number, index: number): Tensor {
    return vw.select(this, axis, index);
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return vw.expand(this, flatArgs(shape));
  }
  squeeze(axis?: number | readonly number[]): Tensor {
    return vw.squeeze(this, axis);
  }
  unsqueeze(axis: number): Tensor {
    return vw.unsqueeze(this, axis);
  }

  // ---- elementwise ----
  add(other: TensorLike): Tensor {
    return ew.add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return ew.sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  pow(other: TensorLike): Tensor {
    return ew.pow(this, other);
  }
  maximum(other: TensorLike): Tensor {
    return ew.maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return ew.minimum(this, other);
  }
  neg(): Tensor {
    return un.neg(this);
  }
  exp(): Tensor {
    return un.exp(this);
  }
  log(): Tensor {
    return un.log(this);
  }
  sqrt(): Tensor {
    return un.sqrt(this);
  }
  abs(): Tensor {
    return un.abs(this);
  }
  square(): Tensor {
    return un.square(this);
  }
  reciprocal(): Tensor {
    return un.reciprocal(this);
  }
  sin(): Tensor {
    return un.sin(this);
  }
  cos(): Tensor {
    return un.cos(this);
  }
  clamp(min?: number, max?: number): Tensor {
    return un.clamp(this, min, max);
  }
  sigmoid(): Tensor {
    return act.sigmoid(this);
  }
  tanh(): Tensor {
    return act.tanh(this);
  }
  relu(): Tensor {
    return act.relu(this);
  }
  gelu(approximate: 'none' | 'tanh' = 'none'): Tensor {
    return act.gelu(this, approximate);
  }
  silu(): Tensor {
    return act.silu(this);
  }
  softplus(beta = 1, threshold = 20): Tensor {
    return act.softplus(this, beta, threshold);
  }
  elu(alpha = 1): Tensor {
    return act.elu(this, alpha);
  }

  // ---- comparisons (not differentiable; 1 or 0 of this dtype) ----
  eq(other: TensorLike): Tensor {
    return cmp.eq(this, other);
  }
  ne(other: TensorLike): Tensor {
    return cmp.ne(this, other);
  }
  lt(other: TensorLike): Tensor {
    return cmp.lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return cmp.le(this, other);
  }
  gt(other: TensorLike): Tensor {
    return cmp.gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return cmp.ge(this, other);
  }

  // ---- reductions ----
  sum(axes?: number | readonly number[], keepdims = false): Tensor {
    return red.sum(this, axes, keepdims);
  }
  mean(axes?: number | readonly number[], keepdims = false): Tensor {
    return red.mean(this, axes, keepdims);
  }
  max(axes?: number | readonly number[], keepdims = false): Tensor {
    return red.max(this, axes, keepdims);
  }
  min(axes?: number | readonly number[], keepdims = false): Tensor {
    return red.min(this, axes, keepdims);
  }
  argmax(axis?: number, keepdims = false): Tensor {
    return red.argmax(this, axis, keepdims);
  }
  argmin(axis?: number, keepdims = false): Tensor {
    return red.argmin(this, axis, keepdims);
  }
  softmax(axis = -1): Tensor {
    return sm.softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor {
    return sm.logSoftmax(this, axis);
  }
  logsumexp(axes?: number | readonly number[], keepdims = false): Tensor {
    return sm.logsumexp(this, axes, keepdims);
  }

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
}

function flatArgs(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0])
    ? [...(args[0] as readonly number[])]
    : (args as number[]);
}
