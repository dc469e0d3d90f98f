// Activation functions, written in their numerically stable forms.
import { recordOp } from './autograd';
import { mul } from './elementwise';
import type { Tensor } from './tensor';
import { mapUnary, unaryOp } from './unary';

/** σ(x) = 1/(1+e^−x), evaluated without overflow for large |x|. */
export function sigmoidValue(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export const sigmoid = unaryOp('sigmoid', sigmoidValue, (g, _x, s) =>
  mul(
    g,
    mapUnary(s, (v) => v * (1 - v)),
  ),
);

export const tanh = unaryOp('tanh', Math.tanh, (g, _x, t) =>
  mul(
    g,
    mapUnary(t, (v) => 1 - v * v),
  ),
);

export const relu = unaryOp(
  'relu',
  (v) => Math.max(v, 0),
  (g, x) =>
    mul(
      g,
      mapUnary(x, (v) => (v > 0 ? 1 : 0)),
    ),
);

/** log σ(x) = −log(1 + e^{−x}), exact and finite for every finite x (no softplus threshold). */
export const logSigmoid = unaryOp(
  'logSigmoid',
  (v) => (v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v))),
  (g, x) =>
    mul(
      g,
      mapUnary(x, (v) => sigmoidValue(-v)),
    ),
);

/** SiLU / swish: x·σ(x). */
export const silu = unaryOp(
  'silu',
  (v) => v * sigmoidValue(v),
  (g, x) =>
    mul(
      g,
      mapUnary(x, (v) => {
        const s = sigmoidValue(v);
        return s * (1 + v * (1 - s));
      }),
    ),
);

/** ELU: x for x > 0, α(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1): Tensor {
  const out = mapUnary(x, (v) => (v > 0 ? v : alpha * Math.expm1(v)));
  recordOp('elu', [x], [out], ([g]) => [
    mul(
      g!,
      mapUnary(x, (v) => (v > 0 ? 1 : alpha * Math.exp(v))),
    ),
  ]);
  return out;
}

/**
 * softplus(x) = log(1 + e^{βx})/β, linear above `threshold` (as torch.nn.functional.softplus).
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  const out = mapUnary(x, (v) => {
    const z = beta * v;
    return z > threshold ? v : (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)))) / beta;
  });
  recordOp('softplus', [x], [out], ([g]) => [
    mul(
      g!,
      mapUnary(x, (v) => (beta * v > threshold ? 1 : sigmoidValue(beta * v))),
    ),
  ]);
  return out;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * erf(x) to ~1e-15: the Maclaurin series below |x| = 2, above it the continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + ...)))) evaluated from the tail.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  if (z < 2) {
    // erf(z) = 2/√π Σ (−1)ⁿ z^{2n+1} / (n! (2n+1))
    let term = z;
    let sum = z;
    const z2 = z * z;
    for (let n = 1; n < 60; n++) {
      term *= -z2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  let f = z;
  for (let n = 80; n >= 1; n--) f = z + n / 2 / f;
  const erfc = Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
  return x < 0 ? erfc - 1 : 1 - erfc;
}

/** GELU: exact x·Φ(x), or the tanh approximation of the GPT-2 code. */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'tanh') {
    const out = mapUnary(x, (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
    recordOp('gelu', [x], [out], ([g]) => [
      mul(
        g!,
        mapUnary(x, (v) => {
          const u = SQRT_2_OVER_PI * (v + 0.044715 * v * v * v);
          const t = Math.tanh(u);
          return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * v * v);
        }),
      ),
    ]);
    return out;
  }
  const out = mapUnary(x, (v) => 0.5 * v * (1 + erf(v * INV_SQRT_2)));
  recordOp('gelu', [x], [out], ([g]) => [
    mul(
      g!,
      mapUnary(x, (v) => 0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)),
    ),
  ]);
  return out;
}
