// The Cauchy kernel, the workhorse of S4's DPLR algorithm: sums of simple poles evaluated at many
// points, O(R·N·L) time and no N×N matrix.
//
// Glossary (S4, Gu, Goel, Ré 2022, §3.3 and Algorithm 1):
//   w: [N] complex   the poles (the diagonal Λ)
//   v: [R, N]        R weight vectors (the products C̃∘B, C̃∘P, P̄∘B, P̄∘P)
//   a, b: [L]        the evaluation nodes, written as a_k − b_k·w so that S4's node
//                    g(z) = (2/Δ)(1 − z)/(1 + z) and its factor 2/(1 + z) fold into
//                    a = (1 − z)/Δ, b = (1 + z)/2 (finite at z = −1, where g is infinite)
//   out[r, k] = Σ_n v[r, n] / (a_k − b_k w_n);   plain Cauchy: b = 1, a = the points z.
// Reference: state-spaces/s4 `cauchy_naive` (src/models/functional/cauchy.py), which evaluates
// Σ v/(z − w) by broadcasting; this is the same sum with the generalised denominator.
import type { ComplexArray } from '@seqmod/discretize';
import { ShapeError } from '@seqmod/tensor';

function check(
  op: string,
  v: ComplexArray,
  R: number,
  w: ComplexArray,
  a: ComplexArray,
  b: ComplexArray | null,
): [number, number] {
  const N = w.re.length;
  const L = a.re.length;
  if (w.im.length !== N || v.re.length !== R * N || v.im.length !== R * N) {
    throw new ShapeError(op, `v must be [${R}, ${N}] complex to match w [${N}], got ${v.re.length} entries`);
  }
  if (a.im.length !== L || (b && (b.re.length !== L || b.im.length !== L))) {
    throw new ShapeError(op, `a and b must both be [${L}] complex`);
  }
  return [N, L];
}

/**
 * out[r, k] = Σ_n v[r, n] / (a_k − b_k w_n). v: [R, N], w: [N], a: [L], b: [L] or null (= 1),
 * all complex -> out: [R, L] complex (Float64Array parts).
 */
export function cauchyArray(
  v: ComplexArray,
  R: number,
  w: ComplexArray,
  a: ComplexArray,
  b: ComplexArray | null,
): ComplexArray {
  const [N, L] = check('cauchy', v, R, w, a, b);
  const outRe = new Float64Array(R * L);
  const outIm = new Float64Array(R * L);
  // Pole by pole: the L reciprocals 1/(a_k − b_k w_n) once, then one unit-stride sweep per weight
  // row (V8 keeps these loops tight; a k-outer order strides across the R output rows).
  const invRe = new Float64Array(L);
  const invIm = new Float64Array(L);
  for (let n = 0; n < N; n++) {
    const wr = w.re[n];
    const wi = w.im[n];
    for (let k = 0; k < L; k++) {
      const br = b ? b.re[k] : 1;
      const bi = b ? b.im[k] : 0;
      // d = a − b·w, 1/d = conj(d)/|d|²
      const dr = a.re[k] - (br * wr - bi * wi);
      const di = a.im[k] - (br * wi + bi * wr);
      const s = 1 / (dr * dr + di * di);
      invRe[k] = dr * s;
      invIm[k] = -di * s;
    }
    for (let r = 0; r < R; r++) {
      const vr = v.re[r * N + n];
      const vi = v.im[r * N + n];
      if (vr === 0 && vi === 0) continue;
      const base = r * L;
      for (let k = 0; k < L; k++) {
        outRe[base + k] += vr * invRe[k] - vi * invIm[k];
        outIm[base + k] += vr * invIm[k] + vi * invRe[k];
      }
    }
  }
  return { re: outRe, im: outIm };
}

export interface CauchyGradients {
  /** ∂loss/∂v: [R, N] complex (as ∂/∂Re + i ∂/∂Im). */
  v: ComplexArray;
  /** ∂loss/∂w: [N] complex. */
  w: ComplexArray;
  /** ∂loss/∂a: [L] complex. */
  a: ComplexArray;
}

/**
 * The adjoint of `cauchyArray` for a real loss, given g = ∂loss/∂out: [R, L] complex. With
 * d = a_k − b_k w_n the sum is holomorphic in v, w and a, so each gradient is g·conj(∂out/∂x):
 * ∂out/∂v = 1/d, ∂out/∂w = v·b/d², ∂out/∂a = −v/d² (b is a constant of the nodes).
 */
export function cauchyBackwardArray(
  v: ComplexArray,
  R: number,
  w: ComplexArray,
  a: ComplexArray,
  b: ComplexArray | null,
  g: ComplexArray,
): CauchyGradients {
  const [N, L] = check('cauchyBackward', v, R, w, a, b);
  if (g.re.length !== R * L || g.im.length !== R * L)
    throw new ShapeError('cauchyBackward', `g must be [${R}, ${L}] complex`);
  const gv = { re: new Float64Array(R * N), im: new Float64Array(R * N) };
  const gw = { re: new Float64Array(N), im: new Float64Array(N) };
  const ga = { re: new Float64Array(L), im: new Float64Array(L) };
  for (let k = 0; k < L; k++) {
    const ar = a.re[k];
    const ai = a.im[k];
    const br = b ? b.re[k] : 1;
    const bi = b ? b.im[k] : 0;
    for (let n = 0; n < N; n++) {
      const dr = ar - (br * w.re[n] - bi * w.im[n]);
      const di = ai - (br * w.im[n] + bi * w.re[n]);
      const s = 1 / (dr * dr + di * di);
      const ir = dr * s; // 1/d
      const ii = -di * s;
      const jr = ir * ir - ii * ii; // 1/d²
      const ji = 2 * ir * ii;
      // t = Σ_r g[r,k]·conj(v[r,n])  (shared by ∂w and ∂a)
      let tr = 0;
      let ti = 0;
      for (let r = 0; r < R; r++) {
        const grr = g.re[r * L + k];
        const gri = g.im[r * L + k];
        // gv += g·conj(1/d)
        gv.re[r * N + n] += grr * ir + gri * ii;
        gv.im[r * N + n] += gri * ir - grr * ii;
        const vr = v.re[r * N + n];
        const vi = v.im[r * N + n];
        tr += grr * vr + gri * vi;
        ti += gri * vr - grr * vi;
      }
      // conj(1/d²): (jr, −ji). gw += t·conj(b)·conj(1/d²); ga −= t·conj(1/d²).
      const cr = tr * jr + ti * ji;
      const ci = ti * jr - tr * ji;
      gw.re[n] += cr * br + ci * bi;
      gw.im[n] += ci * br - cr * bi;
      ga.re[k] -= cr;
      ga.im[k] -= ci;
    }
  }
  return { v: gv, w: gw, a: ga };
}
