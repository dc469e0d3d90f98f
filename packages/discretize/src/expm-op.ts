// The matrix exponential as a differentiable Tensor op.
//
// Glossary: A: [..., n, n] (a batch of square matrices), G = ∂loss/∂e^A the incoming gradient,
// L(X, E) the Fréchet derivative of exp at X in direction E.
// Backward: ∂loss/∂A = L(Aᵀ, G), and L(X, E) is the top-right block of
// exp([[X, E], [0, X]]) (Higham, Functions of Matrices, 2008, Theorem 3.6; the adjoint of
// L(A, ·) is L(Aᵀ, ·)). So the gradient costs one expm of twice the size, with the same
// scaling-and-squaring code and accuracy as the forward.
import { allocate, fmtShape, recordOp, ShapeError, Tensor } from '@seqmod/tensor';
import { expmArray } from './expm';
import { allocLike, type FloatArray } from './float-array';

function checkSquare(op: string, A: Tensor): number {
  const n = A.shape[A.ndim - 1];
  if (A.ndim < 2 || n !== A.shape[A.ndim - 2]) {
    throw new ShapeError(op, `expected a square matrix [..., n, n], got ${fmtShape(A.shape)}`);
  }
  return n!;
}

/**
 * e^A for A: [..., n, n] -> [..., n, n] (same dtype), batched over leading axes. Differentiable.
 * Matches scipy.linalg.expm (see expm.ts).
 */
export function expm(A: Tensor): Tensor {
  const n = checkSquare('expm', A);
  const a = A.toArray();
  const count = n === 0 ? 0 : a.length / (n * n);
  const out = allocate(A.dtype, a.length);
  for (let b = 0; b < count; b++) out.set(expmArray(a.subarray(b * n * n, (b + 1) * n * n), n), b * n * n);
  const result = new Tensor(out, A.shape);
  recordOp('expm', [A], [result], ([g]) => {
    if (!g) return [null];
    return [new Tensor(frechetAdjoint(a, g.toArray(), n, count), A.shape)];
  });
  return result;
}

/** L(Aᵀ, G) per batch entry: the top-right n×n block of exp([[Aᵀ, G], [0, Aᵀ]]). */
function frechetAdjoint(a: FloatArray, g: FloatArray, n: number, count: number): FloatArray {
  const out = allocLike(a, a.length);
  const k = 2 * n;
  for (let b = 0; b < count; b++) {
    const off = b * n * n;
    const big = allocLike(a, k * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const at = a[off + j * n + i];
        big[i * k + j] = at;
        big[(n + i) * k + n + j] = at;
        big[i * k + n + j] = g[off + i * n + j];
      }
    }
    const e = expmArray(big, k);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[off + i * n + j] = e[i * k + n + j];
  }
  return out;
}
