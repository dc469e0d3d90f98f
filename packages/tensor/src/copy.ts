// Materialising a view as contiguous data, and dtype conversion.
import { recordOp } from './autograd';
import { allocate, type DType, type TypedArray } from './dtype';
import { contiguousStrides } from './shape';
import { forEachRow } from './strided';
import { Tensor } from './tensor';

/** The elements of `t` in row-major order, in a fresh array of `dtype` (default: t's dtype). */
export function toContiguousArray(t: Tensor, dtype: DType = t.dtype): TypedArray {
  const n = t.size;
  const out = allocate(dtype, n);
  if (t.isContiguous()) {
    if (dtype === t.dtype) out.set(t.data.subarray(t.offset, t.offset + n));
    else for (let i = 0; i < n; i++) out[i] = t.data[t.offset + i]!;
    return out;
  }
  const src = t.data;
  forEachRow(t.shape, [contiguousStrides(t.shape), t.strides], [0, t.offset], (pos, len, steps) => {
    let o = pos[0]!;
    let i = pos[1]!;
    const s = steps[1]!;
    for (let k = 0; k < len; k++, i += s) out[o++] = src[i]!;
  });
  return out;
}

/** `t` converted to `dtype`; differentiable (the gradient converts back). */
export function castTo(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = new Tensor(toContiguousArray(t, dtype), t.shape);
  recordOp('to', [t], [out], ([g]) => [g ? castTo(g, t.dtype) : null]);
  return out;
}
