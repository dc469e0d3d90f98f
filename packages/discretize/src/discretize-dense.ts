// Discretisation of a dense linear system x' = A x + B u into x_k = Ā x_{k−1} + B̄ u_k.
//
// Glossary: A: [n, n] state matrix, B: [n, m] input matrix, Δ = dt the step, Ā: [n, n],
// B̄: [n, m]; α the GBT parameter (see method.ts).
//
// Reference matched: scipy.signal.cont2discrete (scipy 1.10), methods 'zoh', 'bilinear', 'euler',
// 'backward_diff' and 'gbt'. ZOH uses the exponential of the augmented matrix
// [[A, B], [0, 0]]·Δ, whose top blocks are [e^{ΔA}, ∫₀^Δ e^{sA} ds B]: no A⁻¹, so singular A
// (integrators, the LagT/FouT zero modes) is fine. The GBT family solves with LU (partial
// pivoting) as scipy.linalg.solve does, never forming an inverse.
import { ShapeError } from '@seqmod/tensor';
import { scaledPlusIdentity } from './dense-matrix';
import { expmArray } from './expm';
import { allocLike, type FloatArray } from './float-array';
import { solveArray } from './lu';
import { checkStep, type DiscretizeMethod, gbtAlpha } from './method';

export interface DenseSystem {
  /** Ā: [n, n] row-major. */
  Ab: FloatArray;
  /** B̄: [n, m] row-major. */
  Bb: FloatArray;
}

/**
 * (A: [n, n], B: [n, m], Δ) -> (Ā: [n, n], B̄: [n, m]) by `method` (default ZOH).
 * Arrays are row-major; the results take the element type of A.
 */
export function discretizeArray(
  a: FloatArray,
  b: FloatArray,
  n: number,
  m: number,
  dt: number,
  method: DiscretizeMethod = 'zoh',
  alpha?: number,
): DenseSystem {
  const op = 'discretize';
  if (a.length !== n * n)
    throw new ShapeError(op, `A must be [${n}, ${n}] (${n * n} entries), got ${a.length}`);
  if (b.length !== n * m)
    throw new ShapeError(op, `B must be [${n}, ${m}] (${n * m} entries), got ${b.length}`);
  checkStep(op, dt);
  const al = gbtAlpha(op, method, alpha);
  return al === null ? zoh(a, b, n, m, dt) : gbt(a, b, n, m, dt, al);
}

/** ZOH through e^{Δ·[[A, B], [0, 0]]}. */
function zoh(a: FloatArray, b: FloatArray, n: number, m: number, dt: number): DenseSystem {
  const k = n + m;
  const em = allocLike(a, k * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) em[i * k + j] = dt * a[i * n + j];
    for (let j = 0; j < m; j++) em[i * k + n + j] = dt * b[i * m + j];
  }
  const e = expmArray(em, k);
  const Ab = allocLike(a, n * n);
  const Bb = allocLike(a, n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) Ab[i * n + j] = e[i * k + j];
    for (let j = 0; j < m; j++) Bb[i * m + j] = e[i * k + n + j];
  }
  return { Ab, Bb };
}

/** Ā = (I − αΔA)⁻¹(I + (1−α)ΔA), B̄ = (I − αΔA)⁻¹ΔB. */
function gbt(a: FloatArray, b: FloatArray, n: number, m: number, dt: number, alpha: number): DenseSystem {
  const rhsA = scaledPlusIdentity(a, n, (1 - alpha) * dt, 1);
  const rhsB = allocLike(a, n * m);
  for (let i = 0; i < n * m; i++) rhsB[i] = dt * b[i];
  // Forward Euler needs no solve: (I − 0)⁻¹ is I.
  if (alpha === 0) return { Ab: rhsA, Bb: rhsB };
  const ima = scaledPlusIdentity(a, n, -alpha * dt, 1);
  return { Ab: solveArray(ima, rhsA, n, n, 'discretize'), Bb: solveArray(ima, rhsB, n, m, 'discretize') };
}
