// The dense-powers SSM kernel on Tensors: the reference path (O(N²L)), for checking and for
// small systems. Not differentiable: training goes through s4dKernel or dplrKernel.
//
// Glossary: A: [N, N], B: [N], C: [N] real; Δ = dt; K[l] = C Āˡ B̄: [L] (kernel-dense.ts).
import type { MethodOptions } from '@seqmod/discretize';
import {
  fmtShape,
  isGradEnabled,
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  ValueError,
} from '@seqmod/tensor';
import { ssmKernelDenseArray } from './kernel-dense';

/**
 * K[l] = C Āˡ B̄, l < L, for A: [N, N], B: [N], C: [N] -> K: [L] (dtype of A). Method default
 * bilinear. Refuses inputs that require grad while recording (it records no backward).
 */
export function ssmKernel(
  A: Tensor,
  B: Tensor,
  C: Tensor,
  dt: number,
  L: number,
  opts: MethodOptions = {},
): Tensor {
  const op = 'ssmKernel';
  const N = B.shape[0]!;
  if (
    B.ndim !== 1 ||
    C.ndim !== 1 ||
    A.ndim !== 2 ||
    A.shape[0] !== N ||
    A.shape[1] !== N ||
    C.shape[0] !== N
  ) {
    throw new ShapeError(
      op,
      `expected A [N, N], B [N], C [N], got ${fmtShape(A.shape)}, ${fmtShape(B.shape)}, ${fmtShape(C.shape)}`,
    );
  }
  if (isGradEnabled() && (A.requiresGrad || B.requiresGrad || C.requiresGrad)) {
    throw new ValueError(
      op,
      'the dense reference kernel is not differentiable; use s4dKernel or dplrKernel, or call it inside noGrad',
    );
  }
  const K = ssmKernelDenseArray(
    A.toArray(),
    B.toArray(),
    C.toArray(),
    dt,
    L,
    opts.method ?? 'bilinear',
    opts.alpha,
  );
  return new TensorClass(K, [L]);
}
