// Discretisation of diagonal systems, the fast path of S4D and of DPLR's diagonal part: with
// A = diag(λ) every formula of discretize-dense.ts acts entrywise, O(N) instead of O(N³).
//
// Glossary: λ: [N] the diagonal of A (real or complex), B: [N, M] (M = 1 for a vector),
// Δ = dt, z = Δλ;
//   zoh:     Ā = e^{z},                  B̄ = (e^{z} − 1)/λ · B   (= Δ·B when λ = 0)
//   gbt(α):  Ā = (1 + (1−α)z)/(1 − αz),  B̄ = Δ/(1 − αz) · B
// References: S4D (Gu et al. 2022) and state-spaces/s4 `s4d.py` for ZOH, S4 (Gu, Goel, Ré 2022)
// for bilinear; they are the entrywise forms of scipy.signal.cont2discrete. ZOH computes
// e^{z} − 1 with a complex expm1 instead of subtracting 1 from e^{z}, so B̄ stays accurate for
// |Δλ| ≪ 1 (the reference formula loses digits there, well below the fixtures' tolerance).
import { ShapeError, ValueError } from '@seqmod/tensor';
import { type ComplexArray, complexLength, complexLike } from './complex-array';
import { cdiv, cexp, cexpm1, cmul } from './complex-scalar';
import { allocLike, type FloatArray } from './float-array';
import { checkStep, type DiscretizeMethod, gbtAlpha } from './method';

export interface ComplexDiagSystem {
  /** diag(Ā): [N] complex. */
  Ab: ComplexArray;
  /** B̄: [N, M] complex, row-major. */
  Bb: ComplexArray;
}

export interface RealDiagSystem {
  /** diag(Ā): [N]. */
  Ab: FloatArray;
  /** B̄: [N, M], row-major. */
  Bb: FloatArray;
}

function columns(op: string, n: number, bLength: number): number {
  if (n === 0 ? bLength !== 0 : bLength % n !== 0) {
    throw new ShapeError(op, `B must be [${n}] or [${n}, M] to match lambda [${n}], got ${bLength} entries`);
  }
  return n === 0 ? 0 : bLength / n;
}

function singular(op: string, i: number, alpha: number): never {
  throw new ValueError(op, `1 − α·dt·λ is zero at entry ${i} (α = ${alpha}): the rule is undefined there`);
}

/**
 * Complex diagonal: λ: [N] complex, B: [N] or [N, M] complex, Δ -> (Ā: [N], B̄: like B), by
 * `method` (default ZOH). Matches the discretize_diag fixtures (numpy closed forms).
 */
export function discretizeComplexDiagArray(
  lambda: ComplexArray,
  b: ComplexArray,
  dt: number,
  method: DiscretizeMethod = 'zoh',
  alpha?: number,
): ComplexDiagSystem {
  const op = 'discretizeComplexDiag';
  const n = complexLength(op, 'lambda', lambda);
  const m = columns(op, n, complexLength(op, 'B', b));
  checkStep(op, dt);
  const al = gbtAlpha(op, method, alpha);
  const Ab = complexLike(lambda.re, n);
  const Bb = complexLike(lambda.re, n * m);
  for (let i = 0; i < n; i++) {
    const lr = lambda.re[i];
    const li = lambda.im[i];
    const zr = dt * lr;
    const zi = dt * li;
    let a: readonly [number, number];
    let f: readonly [number, number];
    if (al === null) {
      a = cexp(zr, zi);
      if (lr === 0 && li === 0) f = [dt, 0];
      else {
        const [er, ei] = cexpm1(zr, zi);
        f = cdiv(er, ei, lr, li);
      }
    } else {
      const dr = 1 - al * zr;
      const di = -al * zi;
      if (dr === 0 && di === 0) singular(op, i, al);
      a = cdiv(1 + (1 - al) * zr, (1 - al) * zi, dr, di);
      f = cdiv(dt, 0, dr, di);
    }
    Ab.re[i] = a[0];
    Ab.im[i] = a[1];
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const [br, bi] = cmul(f[0], f[1], b.re[k], b.im[k]);
      Bb.re[k] = br;
      Bb.im[k] = bi;
    }
  }
  return { Ab, Bb };
}

/**
 * Real diagonal: λ: [N], B: [N] or [N, M], Δ -> (Ā: [N], B̄: like B), by `method` (default ZOH).
 */
export function discretizeRealDiagArray(
  lambda: FloatArray,
  b: FloatArray,
  dt: number,
  method: DiscretizeMethod = 'zoh',
  alpha?: number,
): RealDiagSystem {
  const op = 'discretizeRealDiag';
  const n = lambda.length;
  const m = columns(op, n, b.length);
  checkStep(op, dt);
  const al = gbtAlpha(op, method, alpha);
  const Ab = allocLike(lambda, n);
  const Bb = allocLike(lambda, n * m);
  for (let i = 0; i < n; i++) {
    const l = lambda[i];
    const z = dt * l;
    let a: number;
    let f: number;
    if (al === null) {
      a = Math.exp(z);
      f = l === 0 ? dt : Math.expm1(z) / l;
    } else {
      const d = 1 - al * z;
      if (d === 0) singular(op, i, al);
      a = (1 + (1 - al) * z) / d;
      f = dt / d;
    }
    Ab[i] = a;
    for (let j = 0; j < m; j++) Bb[i * m + j] = f * b[i * m + j];
  }
  return { Ab, Bb };
}
