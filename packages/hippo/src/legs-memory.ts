// HiPPO-LegS as memory: online function approximation. The state c(t) of the LegS system holds
// the Legendre coefficients of the whole history f on [0, t], so f can be reconstructed from
// c(t) alone, at any t, with a constant-size state.
//
// Glossary (HiPPO, Gu et al. 2020, §2–3 and Appendix D.3):
//   f: [L] samples f_k = f(t_k) at t_k = k (k = 1..L), N the number of coefficients
//   g_n(x) = √(2n+1) P_n(2x/t − 1)   the Legendre basis on [0, t], orthonormal for the uniform
//                                     measure μ_t = (1/t)·1_[0,t] (P_n the Legendre polynomials)
//   c_n(t) = ⟨f, g_n⟩_{μ_t}          the coefficients; they obey dc/dt = (1/t)(A c + B f) with the
//                                     LegS (A, B) of transition.ts (A negative, S4's sign)
//   discretised: c_k = Ā_k c_{k−1} + B̄_k f_k, (Ā_k, B̄_k) the bilinear rule for (A/k, B/k), Δ = 1
//   reconstruction  f(x) ≈ Σ_n c_n(t) g_n(x), x ∈ [0, t]
// Reference: HiPPO's `HiPPOScale` (state-spaces/s4 src/models/hippo), which steps the same
// recurrence with the bilinear rule and step 1/k.
import { ShapeError, ValueError } from '@seqmod/tensor';
import { hippoArray } from './transition';

/**
 * Runs the discretised LegS recurrence over f: [L] and returns every state, c: [L, N]
 * (row k holds c(t_{k+1}), the coefficients of f on [0, k + 1]).
 */
export function legsEncode(f: ArrayLike<number>, N: number): Float64Array {
  const op = 'legsEncode';
  const L = f.length;
  if (L < 1) throw new ShapeError(op, 'the signal must have at least one sample');
  const { A, B } = hippoArray('legs', N);
  const states = new Float64Array(L * N);
  let c = new Float64Array(N);
  let next = new Float64Array(N);
  for (let k = 1; k <= L; k++) {
    const fk = f[k - 1]!;
    if (!Number.isFinite(fk)) throw new ValueError(op, `sample ${k - 1} is ${fk}`);
    // Bilinear step of dc/dt = (1/t)(Ac + Bf) at t = k, unit step (the rule for (A, B) at Δ = 1/k):
    // (I − A/2k) c_k = (I + A/2k) c_{k−1} + (B/k) f_k. A is lower triangular, so this is a
    // forward substitution, O(N²) per step instead of an LU.
    const h = 1 / (2 * k);
    for (let i = 0; i < N; i++) {
      let s = c[i] + 2 * h * B[i] * fk;
      for (let j = 0; j <= i; j++) s += h * A[i * N + j] * c[j];
      for (let j = 0; j < i; j++) s += h * A[i * N + j] * next[j];
      next[i] = s / (1 - h * A[i * N + i]);
    }
    [c, next] = [next, c];
    states.set(c, (k - 1) * N);
  }
  return states;
}

/**
 * f(x) ≈ Σ_n c_n √(2n+1) P_n(2x/t − 1) at the points x: [M] in [0, t]. c: [N] -> f̂: [M].
 */
export function legsReconstruct(c: ArrayLike<number>, t: number, x: ArrayLike<number>): Float64Array {
  const op = 'legsReconstruct';
  if (!(t > 0)) throw new ValueError(op, `t must be positive, got ${t}`);
  const N = c.length;
  const out = new Float64Array(x.length);
  for (let m = 0; m < x.length; m++) {
    const s = (2 * x[m]!) / t - 1;
    // Three-term recurrence (n+1)P_{n+1} = (2n+1) s P_n − n P_{n−1}.
    let pPrev = 0;
    let p = 1;
    let acc = 0;
    for (let n = 0; n < N; n++) {
      acc += c[n]! * Math.sqrt(2 * n + 1) * p;
      const pNext = ((2 * n + 1) * s * p - n * pPrev) / (n + 1);
      pPrev = p;
      p = pNext;
    }
    out[m] = acc;
  }
  return out;
}
