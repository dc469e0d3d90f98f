// The exponential inside generated kernels. GPU backends (webgpu, webgl2, headlessgl) and
// gpu.js's cpu mode call the native Math.exp. gpu.js's webasm backend has no exp opcode: it
// calls back into JavaScript's Math.exp once per SIMD lane (four wasm→JS calls per quad), which
// made the scan slower than a plain JS loop. There the kernels inline a branch-free exp instead:
//   exp(x) = 2^k · 2^f,  y = x·log2(e),  k = round(y) ∈ [−150, 128],  f = y − k ∈ [−½, ½],
// 2^f by a degree-6 polynomial (Chebyshev interpolation, relative error 2.5e-9 in exact
// arithmetic, ≈ 2e-6 for |x| ≤ 30 in float32, dominated by rounding y as in any float32 exp),
// and 2^k read from a 279-entry table (the kernel language has no bit casts). Out-of-range
// arguments saturate to 0 and +∞ like exp; NaN propagates.

/** Monomial coefficients c0..c6 of the 2^f polynomial on [−½, ½]. */
export const EXP2_POLY: readonly number[] = [
  1, 0.6931472067028324, 0.24022650922288727, 0.05550327226670847, 0.009618056678532438,
  0.0013400428177416548, 0.0001546144469560549,
];

/** 2^(i − 150) for i = 0..278 (2^−150 rounds to 0 in float32, 2^128 to +∞). */
export function pow2Table(): Float32Array {
  const t = new Float32Array(279);
  for (let i = 0; i < t.length; i++) t[i] = 2 ** (i - 150);
  return t;
}

import { flt } from './kernel-spec';

let counter = 0;

function lit(v: number): string {
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * Kernel source declaring `const name = exp(arg);`. `fast` selects the inline polynomial
 * (kernels using it must carry the `pow2` constant from pow2Table()).
 */
export function expStatement(name: string, arg: string, fast: boolean): string {
  if (!fast) return `const ${name} = Math.exp(${arg});`;
  const p = `xp${counter++}`;
  const c = EXP2_POLY;
  let horner = lit(c[6]!);
  for (let i = 5; i >= 0; i--) horner = `(${horner}) * ${p}f + ${lit(c[i]!)}`;
  return [
    `const ${p}y = Math.min(Math.max((${arg}) * ${Math.LOG2E}, ${flt(-150)}), ${flt(128)});`,
    `const ${p}k = Math.floor(${p}y + 0.5);`,
    `const ${p}f = ${p}y - ${p}k;`,
    `const ${name} = (${horner}) * this.constants.pow2[${p}k + 150.0];`,
  ].join('\n');
}

/** Reference of the fast exp in float32 arithmetic, for tests. */
export function fastExpReference(x: number): number {
  const f = Math.fround;
  const y = f(Math.min(Math.max(f(x * f(Math.LOG2E)), -150), 128));
  const k = Math.floor(f(y + 0.5));
  const fr = f(y - k);
  let p = f(EXP2_POLY[6]!);
  for (let i = 5; i >= 0; i--) p = f(f(p * fr) + f(EXP2_POLY[i]!));
  return f(p * f(2 ** k));
}
