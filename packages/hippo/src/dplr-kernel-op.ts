// The S4 (DPLR) convolution kernel as a differentiable Tensor op, batched over H channels.
//
// Glossary (see kernel-dplr.ts for the derivation): log Δ: [H]; Λ, P, B, C̃: [H, N2] complex;
// A_h = diag(Λ_h) − P_h P_hᴴ (rank 1), bilinear; K[h, l] = 2 Re(C_hᵀ Ā_hˡ B̄_h), where C̃ = (I − Āᴸ)ᵀC
// is the output vector S4 learns directly (its `C` parameter after `_setup_C`); get it from C with
// `dplrCorrectC`, as S4 does once at initialisation.
// Composition: the Cauchy sums are one custom op (cauchy-op.ts), the inverse FFT is @seqmod/fft's
// differentiable `ifft`; the nodes a = (1 − z)/Δ, the weights (C̃∘B, C̃∘P, P̄∘B, P̄∘P) and the rank-1
// Woodbury combination are tensor ops, so autograd carries gradients to log Δ, Λ, P, B and C̃.
// Reference: state-spaces/s4 `SSKernelNPLR.forward` (src/models/s4/s4.py), S4 paper Algorithm 1.
import type { ComplexArray } from '@seqmod/discretize';
import { ifft } from '@seqmod/fft';
import {
  ComplexTensor,
  cadd,
  cdiv,
  cmul,
  complex,
  conj,
  csub,
  div,
  exp,
  fmtShape,
  fromArray,
  isGradEnabled,
  mul,
  ShapeError,
  select,
  stack,
  type Tensor,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import { cauchy } from './cauchy-op';
import { checkKernelLength } from './kernel-dense';
import { dplrCorrectCArray, dplrNodes } from './kernel-dplr';

function checkShapes(op: string, logDt: Tensor, parts: [string, ComplexTensor][]): [number, number] {
  const [, first] = parts[0]!;
  if (first.ndim !== 2 || logDt.ndim !== 1 || logDt.shape[0] !== first.shape[0]) {
    throw new ShapeError(
      op,
      `expected log_dt [H] and Lambda [H, N2], got ${fmtShape(logDt.shape)} and ${fmtShape(first.shape)}`,
    );
  }
  for (const [name, t] of parts) {
    if (t.shape.join() !== first.shape.join()) {
      throw new ShapeError(
        op,
        `${name} must be ${fmtShape(first.shape)} like Lambda, got ${fmtShape(t.shape)}`,
      );
    }
  }
  return [first.shape[0]!, first.shape[1]!];
}

const pick = (x: ComplexTensor, i: number) => new ComplexTensor(select(x.re, 1, i), select(x.im, 1, i));

/**
 * The bilinear DPLR kernel K[h, l] = 2 Re(C_hᵀ Ā_hˡ B̄_h) by the Cauchy / Woodbury / inverse-FFT
 * algorithm, given C̃ (not C).
 * log Δ: [H], Λ, P, B, C̃: [H, N2] complex, L -> K: [H, L]. Differentiable in all inputs.
 */
export function dplrKernel(
  logDt: Tensor,
  Lambda: ComplexTensor,
  P: ComplexTensor,
  B: ComplexTensor,
  Ct: ComplexTensor,
  L: number,
): Tensor {
  const op = 'dplrKernel';
  checkKernelLength(op, L);
  checkShapes(op, logDt, [
    ['Lambda', Lambda],
    ['P', P],
    ['B', B],
    ['C', Ct],
  ]);
  const dtype = Lambda.dtype;
  const dt = unsqueeze(exp(logDt), -1); // [H, 1]
  // Nodes: a = (1 − z)/Δ (depends on Δ: a tensor), b = (1 + z)/2 (a constant of L).
  const nodes = dplrNodes(1, L);
  const a = complex(
    div(fromArray(nodes.a.re, [1, L], { dtype }), dt),
    div(fromArray(nodes.a.im, [1, L], { dtype }), dt),
  );
  const Pc = conj(P);
  const rows = [cmul(Ct, B), cmul(Ct, P), cmul(Pc, B), cmul(Pc, P)];
  const v = new ComplexTensor(
    stack(
      rows.map((r) => r.re),
      1,
    ),
    stack(
      rows.map((r) => r.im),
      1,
    ),
  );
  const k = cauchy(v, Lambda, a, nodes.b);
  const b = complex(fromArray(nodes.b.re, [L], { dtype }), fromArray(nodes.b.im, [L], { dtype }));
  // K̂ = k00 − b·k01·k10 / (1 + b·k11)
  const bk11 = cmul(pick(k, 3), b);
  const spectrum = csub(pick(k, 0), cdiv(cmul(cmul(pick(k, 1), pick(k, 2)), b), cadd(bk11, 1)));
  const y = ifft(spectrum);
  return mul(y.re, 2);
}

/**
 * C̃ = (I − Āᴸ)ᵀC per channel for the bilinear Ā of diag(Λ) − PPᴴ: log Δ: [H], Λ, P, C: [H, N2]
 * complex, L -> C̃: [H, N2] complex. An initialisation-time transform (S4's `_setup_C`), not
 * recorded on the tape: it refuses inputs that require grad while recording is on.
 */
export function dplrCorrectC(
  logDt: Tensor,
  Lambda: ComplexTensor,
  P: ComplexTensor,
  C: ComplexTensor,
  L: number,
): ComplexTensor {
  const op = 'dplrCorrectC';
  checkKernelLength(op, L);
  const [H, N2] = checkShapes(op, logDt, [
    ['Lambda', Lambda],
    ['P', P],
    ['C', C],
  ]);
  if (isGradEnabled() && [logDt, Lambda.re, Lambda.im, P.re, P.im, C.re, C.im].some((t) => t.requiresGrad)) {
    throw new ValueError(
      op,
      'is not differentiable (an initialisation step); call it inside noGrad or on detached inputs',
    );
  }
  const arr = (t: Tensor) => Float64Array.from(t.toArray());
  const [lr, li, pr, pi, cr, ci, ld] = [Lambda.re, Lambda.im, P.re, P.im, C.re, C.im, logDt].map(
    arr,
  ) as Float64Array[];
  const outRe = new Float64Array(H * N2);
  const outIm = new Float64Array(H * N2);
  for (let h = 0; h < H; h++) {
    const sl = (x: Float64Array) => x.subarray(h * N2, (h + 1) * N2);
    const row = (re: Float64Array, im: Float64Array): ComplexArray => ({ re: sl(re), im: sl(im) });
    const zero = { re: new Float64Array(N2), im: new Float64Array(N2) };
    const ct = dplrCorrectCArray(
      { Lambda: row(lr!, li!), P: row(pr!, pi!), B: zero, C: row(cr!, ci!) },
      Math.exp(ld![h]!),
      L,
    );
    outRe.set(ct.re, h * N2);
    outIm.set(ct.im, h * N2);
  }
  const dtype = Lambda.dtype;
  return complex(fromArray(outRe, [H, N2], { dtype }), fromArray(outIm, [H, N2], { dtype }));
}
