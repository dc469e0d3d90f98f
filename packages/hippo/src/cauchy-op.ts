// The generalised Cauchy kernel as a differentiable Tensor op (forward and adjoint in cauchy.ts).
//
// Glossary: v: [H, R, N2] complex weights, w: [H, N2] complex poles, a: [H, L] complex and
// b: [L] complex (constant) nodes; out[h, r, k] = Σ_n v[h,r,n] / (a[h,k] − b[k]·w[h,n]).
// S4 keeps this sum as a custom kernel (CUDA or KeOps) for the same reason: the [H, R, N2, L]
// broadcast a composition of tensor ops would build is what the algorithm exists to avoid.
import type { ComplexArray } from '@seqmod/discretize';
import { allocate, ComplexTensor, fmtShape, recordOp, ShapeError, Tensor } from '@seqmod/tensor';
import { cauchyArray, cauchyBackwardArray } from './cauchy';

/**
 * out[h, r, k] = Σ_n v[h,r,n]/(a[h,k] − b[k] w[h,n]). v: [H, R, N2], w: [H, N2], a: [H, L]
 * (complex tensors), b: [L] constant (null means 1) -> out: [H, R, L] complex.
 * Differentiable in v, w and a.
 */
export function cauchy(
  v: ComplexTensor,
  w: ComplexTensor,
  a: ComplexTensor,
  b: ComplexArray | null,
): ComplexTensor {
  const op = 'cauchy';
  if (v.ndim !== 3 || w.ndim !== 2 || a.ndim !== 2) {
    throw new ShapeError(
      op,
      `expected v [H, R, N2], w [H, N2], a [H, L], got ${fmtShape(v.shape)}, ${fmtShape(w.shape)}, ${fmtShape(a.shape)}`,
    );
  }
  const [H, R, N2] = v.shape as [number, number, number];
  const L = a.shape[1]!;
  if (w.shape[0] !== H || w.shape[1] !== N2 || a.shape[0] !== H) {
    throw new ShapeError(op, `w must be [${H}, ${N2}] and a [${H}, L] to match v ${fmtShape(v.shape)}`);
  }
  if (b && b.re.length !== L) throw new ShapeError(op, `b must be [${L}] to match a ${fmtShape(a.shape)}`);
  const data = [v.re, v.im, w.re, w.im, a.re, a.im].map((t) => t.toArray());
  const [vr, vi, wr, wi, ar, ai] = data as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const outRe = allocate(v.dtype, H * R * L);
  const outIm = allocate(v.dtype, H * R * L);
  const slices = (h: number) => ({
    v: { re: vr.subarray(h * R * N2, (h + 1) * R * N2), im: vi.subarray(h * R * N2, (h + 1) * R * N2) },
    w: { re: wr.subarray(h * N2, (h + 1) * N2), im: wi.subarray(h * N2, (h + 1) * N2) },
    a: { re: ar.subarray(h * L, (h + 1) * L), im: ai.subarray(h * L, (h + 1) * L) },
  });
  for (let h = 0; h < H; h++) {
    const s = slices(h);
    const k = cauchyArray(s.v, R, s.w, s.a, b);
    outRe.set(k.re, h * R * L);
    outIm.set(k.im, h * R * L);
  }
  const re = new Tensor(outRe, [H, R, L]);
  const im = new Tensor(outIm, [H, R, L]);
  recordOp(op, [v.re, v.im, w.re, w.im, a.re, a.im], [re, im], ([gre, gim]) => {
    const gr = gre ? gre.toArray() : new Float64Array(H * R * L);
    const gi = gim ? gim.toArray() : new Float64Array(H * R * L);
    const grads = [v.size, v.size, w.size, w.size, a.size, a.size].map((n) => allocate(v.dtype, n));
    for (let h = 0; h < H; h++) {
      const s = slices(h);
      const g = { re: gr.subarray(h * R * L, (h + 1) * R * L), im: gi.subarray(h * R * L, (h + 1) * R * L) };
      const d = cauchyBackwardArray(s.v, R, s.w, s.a, b, g);
      grads[0]!.set(d.v.re, h * R * N2);
      grads[1]!.set(d.v.im, h * R * N2);
      grads[2]!.set(d.w.re, h * N2);
      grads[3]!.set(d.w.im, h * N2);
      grads[4]!.set(d.a.re, h * L);
      grads[5]!.set(d.a.im, h * L);
    }
    const shapes = [v.shape, v.shape, w.shape, w.shape, a.shape, a.shape];
    return grads.map((g, i) => new Tensor(g, shapes[i]!));
  });
  return new ComplexTensor(re, im);
}
