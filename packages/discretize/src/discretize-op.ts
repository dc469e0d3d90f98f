// Discretisation of dense systems as differentiable Tensor ops, composed from expm, solve and
// elementwise ops, so gradients reach A, B and a Tensor step Δ.
//
// Glossary: A: [n, n], B: [n, m] or [n], Δ = dt (a number, or a one-element Tensor when Δ is
// learned), Ā: [n, n], B̄ like B; α the GBT parameter (method.ts).
// Reference matched: scipy.signal.cont2discrete; see discretize-dense.ts for the array-level
// version these ops agree with (ZOH through the augmented exponential, GBT through LU solves).
import {
  add,
  concat,
  eye,
  fmtShape,
  mul,
  pad,
  reshape,
  ShapeError,
  slice,
  sub,
  Tensor,
} from '@seqmod/tensor';
import { expm } from './expm-op';
import { checkStep, gbtAlpha, type MethodOptions } from './method';
import { solve } from './solve-op';

export interface DiscreteSystem {
  /** Ā: [n, n]. */
  Ab: Tensor;
  /** B̄: shaped like B. */
  Bb: Tensor;
}

/** Δ as a 0-d tensor (checked positive where it is a plain number). */
export function stepTensor(op: string, dt: number | Tensor, like: Tensor): Tensor {
  if (dt instanceof Tensor) {
    if (dt.size !== 1)
      throw new ShapeError(op, `dt must be a number or a one-element tensor, got ${fmtShape(dt.shape)}`);
    return reshape(dt, []);
  }
  checkStep(op, dt);
  return new Tensor(like.dtype === 'float64' ? Float64Array.of(dt) : Float32Array.of(dt), []);
}

/**
 * (A: [n, n], B: [n, m] or [n], Δ) -> (Ā: [n, n], B̄ like B) by `opts.method` (default ZOH).
 * Differentiable in A, B and a Tensor Δ.
 */
export function discretize(
  A: Tensor,
  B: Tensor,
  dt: number | Tensor,
  opts: MethodOptions = {},
): DiscreteSystem {
  const op = 'discretize';
  const n = A.shape[0]!;
  if (A.ndim !== 2 || A.shape[1] !== n)
    throw new ShapeError(op, `A must be square [n, n], got ${fmtShape(A.shape)}`);
  if ((B.ndim !== 1 && B.ndim !== 2) || B.shape[0] !== n) {
    throw new ShapeError(
      op,
      `B must be [${n}] or [${n}, m] to match A ${fmtShape(A.shape)}, got ${fmtShape(B.shape)}`,
    );
  }
  const alpha = gbtAlpha(op, opts.method ?? 'zoh', opts.alpha);
  const step = stepTensor(op, dt, A);
  const B2 = B.ndim === 1 ? reshape(B, [n, 1]) : B;
  const m = B2.shape[1]!;
  let Ab: Tensor;
  let Bb: Tensor;
  if (alpha === null) {
    // e^{Δ·[[A, B], [0, 0]]} = [[Ā, B̄], [0, I]].
    const em = mul(
      pad(concat([A, B2], 1), [
        [0, m],
        [0, 0],
      ]),
      step,
    );
    const e = expm(em);
    Ab = slice(slice(e, 0, 0, n), 1, 0, n);
    Bb = slice(slice(e, 0, 0, n), 1, n, n + m);
  } else {
    const I = eye(n, n, { dtype: A.dtype });
    const dA = mul(A, step);
    const rhsA = add(I, mul(dA, 1 - alpha));
    const rhsB = mul(B2, step);
    if (alpha === 0) {
      Ab = rhsA;
      Bb = rhsB;
    } else {
      const ima = sub(I, mul(dA, alpha));
      Ab = solve(ima, rhsA);
      Bb = solve(ima, rhsB);
    }
  }
  return { Ab, Bb: B.ndim === 1 ? reshape(Bb, [n]) : Bb };
}
