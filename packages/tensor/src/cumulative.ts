// Running sums and products along an axis.
import { recordOp } from './autograd';
import { allocate } from './dtype';
import { normalizeAxis, sizeOf } from './shape';
import { Tensor } from './tensor';
import { contiguous, flip } from './views';

/** Visits each line along `axis` of a contiguous array: base index and stride of the line. */
function lines(
  shape: readonly number[],
  axis: number,
  visit: (base: number, stride: number, n: number) => void,
): void {
  const n = shape[axis]!;
  const inner = sizeOf(shape.slice(axis + 1));
  const outer = sizeOf(shape.slice(0, axis));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) visit(o * n * inner + i, inner, n);
}

/** Inclusive running sum along `axis` (float32 input accumulates in float64). */
export function cumsum(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis('cumsum', axis, x.ndim);
  const src = contiguous(x.detach());
  const out = allocate(x.dtype, x.size);
  lines(x.shape, a, (base, stride, n) => {
    let acc = 0;
    for (let k = 0, i = base; k < n; k++, i += stride) {
      acc += src.data[src.offset + i]!;
      out[i] = acc;
    }
  });
  const result = new Tensor(out, x.shape);
  // d/dx_i of Σ_j g_j·y_j = Σ_{j ≥ i} g_j: a reversed cumulative sum.
  recordOp('cumsum', [x], [result], ([g]) => [flip(cumsum(flip(g!, a), a), a)]);
  return result;
}

/** Inclusive running product along `axis`. The gradient is exact with zeros in the input. */
export function cumprod(x: Tensor, axis = -1): Tensor {
  const a = normalizeAxis('cumprod', axis, x.ndim);
  const src = contiguous(x.detach());
  const out = allocate(x.dtype, x.size);
  lines(x.shape, a, (base, stride, n) => {
    let acc = 1;
    for (let k = 0, i = base; k < n; k++, i += stride) {
      acc *= src.data[src.offset + i]!;
      out[i] = acc;
    }
  });
  const result = new Tensor(out, x.shape);
  recordOp('cumprod', [x], [result], ([g]) => {
    // ∂L/∂x_i = P_{i−1} · R_i with P the exclusive prefix product and
    // R_i = g_i + x_{i+1} R_{i+1} (no division, so zeros are fine).
    const gc = contiguous(g!);
    const gx = allocate(x.dtype, x.size);
    lines(x.shape, a, (base, stride, n) => {
      let r = 0;
      for (let k = n - 1; k >= 0; k--) {
        const i = base + k * stride;
        const next = k + 1 < n ? src.data[src.offset + i + stride]! : 0;
        r = gc.data[gc.offset + i]! + next * r;
        gx[i] = r;
      }
      let p = 1;
      for (let k = 0, i = base; k < n; k++, i += stride) {
        gx[i]! *= p;
        p *= src.data[src.offset + i]!;
      }
    });
    return [new Tensor(gx, x.shape)];
  });
  return result;
}
