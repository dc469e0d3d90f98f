// Discretisation of diagonal systems as differentiable Tensor ops: the S4D / DPLR path, where
// the step is learned as log Δ. Pass `exp(logDt)` as the step: every formula below is composed
// from differentiable tensor ops, so gradients reach log Δ, λ and B.
//
// Glossary: λ: [..., N] the diagonal of A (real Tensor or ComplexTensor), B broadcastable with λ,
// Δ: a number, a one-element Tensor, or a Tensor of λ's leading shape (one step per channel,
// e.g. [H] for λ: [H, N]); z = Δλ.
//   zoh:     Ā = e^{z},                  B̄ = (e^{z} − 1)/λ · B
//   gbt(α):  Ā = (1 + (1−α)z)/(1 − αz),  B̄ = Δ/(1 − αz) · B   (bilinear α = ½, euler 0,
//                                                               backward_euler 1)
// References: S4D (Gu et al. 2022), state-spaces/s4 `s4d.py` (ZOH), S4 (Gu, Goel, Ré 2022)
// (bilinear). e^{z} − 1 is computed as a complex expm1 (Re = expm1(x)cos y − 2 sin²(y/2),
// Im = e^x sin y) so B̄ keeps its digits for |Δλ| ≪ 1.
import {
  add,
  broadcastShapes,
  type ComplexTensor,
  cdiv,
  cexp,
  cmul,
  complex,
  cos,
  div,
  exp,
  expm1,
  fmtShape,
  mul,
  reshape,
  ShapeError,
  sin,
  sub,
  Tensor,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import { checkStep, gbtAlpha, type MethodOptions } from './method';

export interface ComplexDiagDiscrete {
  /** diag(Ā): shaped like λ. */
  Ab: ComplexTensor;
  /** B̄: the broadcast shape of λ and B. */
  Bb: ComplexTensor;
}

export interface RealDiagDiscrete {
  Ab: Tensor;
  Bb: Tensor;
}

/** Δ shaped to broadcast against λ: [..., N] (a trailing unit axis for per-channel steps). */
function diagStep(op: string, dt: number | Tensor, lambdaShape: readonly number[], like: Tensor): Tensor {
  if (!(dt instanceof Tensor)) {
    checkStep(op, dt);
    return new Tensor(like.dtype === 'float64' ? Float64Array.of(dt) : Float32Array.of(dt), []);
  }
  if (dt.ndim === 0) return dt;
  const lead = lambdaShape.slice(0, -1);
  if (dt.size === 1 && lead.length === 0) return reshape(dt, []);
  broadcastShapes(op, dt.shape, lead);
  if (dt.ndim > lead.length) {
    throw new ShapeError(
      op,
      `dt ${fmtShape(dt.shape)} must broadcast with lambda's leading shape ${fmtShape(lead)}`,
    );
  }
  return unsqueeze(dt, -1);
}

function checkNonzero(op: string, re: Tensor, im: Tensor | null): void {
  const r = re.toArray();
  const i = im?.toArray();
  for (let k = 0; k < r.length; k++) {
    if (r[k] === 0 && (!i || i[k] === 0)) {
      throw new ValueError(op, `ZOH divides by λ, and λ[${k}] = 0; use the dense discretize for singular A`);
    }
  }
}

/**
 * Diagonal discretisation. λ: [..., N] complex, B broadcastable, Δ -> (Ā: like λ, B̄: broadcast
 * shape), by `opts.method` (default ZOH). Real λ and B give real outputs. Differentiable in λ, B
 * and a Tensor Δ (and so in log Δ through exp).
 */
export function discretizeDiag(
  lambda: ComplexTensor,
  B: ComplexTensor,
  dt: number | Tensor,
  opts?: MethodOptions,
): ComplexDiagDiscrete;
export function discretizeDiag(
  lambda: Tensor,
  B: Tensor,
  dt: number | Tensor,
  opts?: MethodOptions,
): RealDiagDiscrete;
export function discretizeDiag(
  lambda: ComplexTensor | Tensor,
  B: ComplexTensor | Tensor,
  dt: number | Tensor,
  opts: MethodOptions = {},
): ComplexDiagDiscrete | RealDiagDiscrete {
  const op = 'discretizeDiag';
  if (lambda.ndim < 1) throw new ShapeError(op, `lambda must be [..., N], got a scalar`);
  broadcastShapes(op, lambda.shape, B.shape);
  const alpha = gbtAlpha(op, opts.method ?? 'zoh', opts.alpha);
  if (lambda instanceof Tensor) {
    if (!(B instanceof Tensor)) throw new ShapeError(op, 'real lambda needs a real B');
    const step = diagStep(op, dt, lambda.shape, lambda);
    const z = mul(lambda, step);
    if (alpha === null) {
      checkNonzero(op, lambda, null);
      return { Ab: exp(z), Bb: mul(div(expm1(z), lambda), B) };
    }
    const den = sub(1, mul(z, alpha));
    return { Ab: div(add(1, mul(z, 1 - alpha)), den), Bb: mul(div(step, den), B) };
  }
  const Bc = B instanceof Tensor ? complex(B) : B;
  const step = diagStep(op, dt, lambda.shape, lambda.re);
  const z = cmul(lambda, step);
  if (alpha === null) {
    checkNonzero(op, lambda.re, lambda.im);
    const half = sin(mul(z.im, 0.5));
    const em1 = complex(sub(mul(expm1(z.re), cos(z.im)), mul(mul(half, half), 2)), mul(exp(z.re), sin(z.im)));
    return { Ab: cexp(z), Bb: cmul(cdiv(em1, lambda), Bc) };
  }
  const den = complex(sub(1, mul(z.re, alpha)), mul(z.im, -alpha));
  const num = complex(add(1, mul(z.re, 1 - alpha)), mul(z.im, 1 - alpha));
  return { Ab: cdiv(num, den), Bb: cdiv(cmul(Bc, step), den) };
}
