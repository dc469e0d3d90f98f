// The linear solve X = M⁻¹R as a differentiable Tensor op (LU with partial pivoting, lu.ts).
//
// Glossary: M: [n, n], R: [n, m] (or [n]), X = M⁻¹R; G = ∂loss/∂X.
// Backward: ∂loss/∂R = M⁻ᵀ G and ∂loss/∂M = −(M⁻ᵀ G) Xᵀ (differentiate M X = R).
import { allocate, DTypeError, fmtShape, recordOp, ShapeError, Tensor } from '@seqmod/tensor';
import { luFactor, luSolve } from './lu';

/** X = M⁻¹R for M: [n, n], R: [n, m] or [n] -> X shaped like R. Differentiable in M and R. */
export function solve(M: Tensor, R: Tensor): Tensor {
  const op = 'solve';
  const n = M.shape[0]!;
  if (M.ndim !== 2 || M.shape[1] !== n)
    throw new ShapeError(op, `M must be square [n, n], got ${fmtShape(M.shape)}`);
  if ((R.ndim !== 1 && R.ndim !== 2) || R.shape[0] !== n) {
    throw new ShapeError(
      op,
      `R must be [${n}] or [${n}, m] to match M ${fmtShape(M.shape)}, got ${fmtShape(R.shape)}`,
    );
  }
  if (M.dtype !== R.dtype)
    throw new DTypeError(op, `M and R must share a dtype, got ${M.dtype} and ${R.dtype}`);
  const m = R.ndim === 2 ? R.shape[1]! : 1;
  const mData = M.toArray();
  const factors = luFactor(mData, n, op);
  const x = luSolve(factors, R.toArray(), m);
  const X = new Tensor(x, R.shape);
  recordOp(op, [M, R], [X], ([g]) => {
    if (!g) return [null, null];
    // M⁻ᵀ G from the factors of Mᵀ (a second LU of size n is cheaper than transposed solves here).
    const mt = allocate(M.dtype, n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) mt[i * n + j] = mData[j * n + i];
    const gr = luSolve(luFactor(mt, n, op), g.toArray(), m);
    const gm = allocate(M.dtype, n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += gr[i * m + k] * x[j * m + k];
        gm[i * n + j] = -s;
      }
    }
    return [new Tensor(gm, M.shape), new Tensor(gr, R.shape)];
  });
  return X;
}
