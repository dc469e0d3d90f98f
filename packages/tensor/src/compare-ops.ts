// Comparisons: 1 where true, 0 where false, in the operands' dtype. Not differentiable
// (their gradient is zero almost everywhere); use them as masks.
import { applyBinary, asTensor, type RowLoop2 } from './elementwise';
import type { Tensor, TensorLike } from './tensor';

function compareLoop(test: (a: number, b: number) => boolean): RowLoop2 {
  return (out, o, x, ix, sx, y, iy, sy, n) => {
    for (let k = 0; k < n; k++, ix += sx, iy += sy) out[o + k] = test(x[ix]!, y[iy]!) ? 1 : 0;
  };
}

const loops = {
  eq: compareLoop((a, b) => a === b),
  ne: compareLoop((a, b) => a !== b),
  lt: compareLoop((a, b) => a < b),
  le: compareLoop((a, b) => a <= b),
  gt: compareLoop((a, b) => a > b),
  ge: compareLoop((a, b) => a >= b),
};

function compare(op: keyof typeof loops, a: TensorLike, b: TensorLike): Tensor {
  return applyBinary(op, asTensor(a, b), asTensor(b, a), loops[op]);
}

export const eq = (a: TensorLike, b: TensorLike) => compare('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike) => compare('ne', a, b);
export const lt = (a: TensorLike, b: TensorLike) => compare('lt', a, b);
export const le = (a: TensorLike, b: TensorLike) => compare('le', a, b);
export const gt = (a: TensorLike, b: TensorLike) => compare('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike) => compare('ge', a, b);

/** Elementwise |a − b| ≤ atol + rtol·|b| over the broadcast, all true. */
export function allClose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8): boolean {
  const loop: RowLoop2 = (out, o, x, ix, sx, y, iy, sy, n) => {
    for (let k = 0; k < n; k++, ix += sx, iy += sy) {
      const u = x[ix]!;
      const v = y[iy]!;
      out[o + k] =
        Math.abs(u - v) <= atol + rtol * Math.abs(v) || (Number.isNaN(u) && Number.isNaN(v)) ? 1 : 0;
    }
  };
  const b2 = b.dtype === a.dtype ? b : b.to(a.dtype);
  const r = applyBinary('allClose', a, b2, loop);
  for (let i = 0; i < r.data.length; i++) if (r.data[i] === 0) return false;
  return true;
}
