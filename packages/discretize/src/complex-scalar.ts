// Scalar complex arithmetic on (re, im) pairs, the few functions the diagonal discretisations
// need, written for accuracy near the points where the naive formulas cancel.

/** A complex number as a pair. */
export type Complex = readonly [re: number, im: number];

/** e^{x+iy}. */
export function cexp(x: number, y: number): Complex {
  const r = Math.exp(x);
  return [r * Math.cos(y), r * Math.sin(y)];
}

/**
 * e^{x+iy} − 1 without cancellation for small |x + iy|:
 * Re = expm1(x)·cos y − 2 sin²(y/2), Im = e^x sin y.
 */
export function cexpm1(x: number, y: number): Complex {
  const s = Math.sin(y / 2);
  return [Math.expm1(x) * Math.cos(y) - 2 * s * s, Math.exp(x) * Math.sin(y)];
}

/** (a + ib)/(c + id) by Smith's algorithm (no overflow from squaring c, d). */
export function cdiv(a: number, b: number, c: number, d: number): Complex {
  if (Math.abs(c) >= Math.abs(d)) {
    if (c === 0) return [a / 0, b / 0];
    const r = d / c;
    const den = c + d * r;
    return [(a + b * r) / den, (b - a * r) / den];
  }
  const r = c / d;
  const den = c * r + d;
  return [(a * r + b) / den, (b * r - a) / den];
}

/** (a + ib)(c + id). */
export function cmul(a: number, b: number, c: number, d: number): Complex {
  return [a * c - b * d, a * d + b * c];
}
