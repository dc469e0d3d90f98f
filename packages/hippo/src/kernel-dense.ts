// The SSM convolution kernel by dense matrix powers, the reference the fast paths are tested
// against: y = K * u with K[l] = C Āˡ B̄ for the discretised (Ā, B̄).
//
// Glossary: A: [N, N], B: [N], C: [N] continuous-time system; Δ = dt; (Ā, B̄) its discretisation
// (ZOH, bilinear, ... see @seqmod/discretize); L the kernel length; K: [L].
// Cost O(N²·L): one matrix-vector product per output, x_{l+1} = Ā x_l from x_0 = B̄.
// Reference matched: the ssm_kernel fixtures (numpy/scipy dense powers) and S4's `krylov`
// (state-spaces/s4, src/models/functional/krylov.py), which builds the same sequence.
import { allocLike, type DiscretizeMethod, discretizeArray, type FloatArray } from '@seqmod/discretize';
import { ShapeError, ValueError } from '@seqmod/tensor';

export function checkKernelLength(op: string, L: number): void {
  if (!Number.isInteger(L) || L < 1) throw new ValueError(op, `L must be a positive integer, got ${L}`);
}

/**
 * K[l] = C Āˡ B̄ for l < L. A: [N, N], B: [N], C: [N] (real, row-major) -> K: [L] with the
 * element type of A. Default method bilinear (S4's choice).
 */
export function ssmKernelDenseArray(
  A: FloatArray,
  B: FloatArray,
  C: FloatArray,
  dt: number,
  L: number,
  method: DiscretizeMethod = 'bilinear',
  alpha?: number,
): FloatArray {
  const op = 'ssmKernelDense';
  const N = B.length;
  if (A.length !== N * N)
    throw new ShapeError(op, `A must be [${N}, ${N}] to match B [${N}], got ${A.length} entries`);
  if (C.length !== N) throw new ShapeError(op, `C must be [${N}] to match B [${N}], got [${C.length}]`);
  checkKernelLength(op, L);
  const { Ab, Bb } = discretizeArray(A, B, N, 1, dt, method, alpha);
  const K = allocLike(A, L);
  let x = Bb;
  let next = allocLike(A, N);
  for (let l = 0; l < L; l++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += C[i] * x[i];
    K[l] = s;
    if (l === L - 1) break;
    for (let i = 0; i < N; i++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += Ab[i * N + j] * x[j];
      next[i] = t;
    }
    [x, next] = [next, x];
  }
  return K;
}
