// The WebAssembly SIMD radix-4 Stockham pass for strides s >= 2, on split real/imaginary arrays
// in linear memory. Symbols as in stage-radix4.ts: the pass computes, for p < m and q < s,
//   y[q + s(4p + j)] = ω^{jp} · Σ_l x[q + s(p + l·m)] · exp(-2πi·jl/4),   j = 0..3
// with ω = exp(-2πi/(4m)); the loop is wasm-kernel-pass.ts's, the butterfly is here (the first
// pass uses it too).
//
// Arguments (i32): byte addresses of x.re, x.im, y.re, y.im and of the twiddle table (per p:
// Re ω^p, Im ω^p, Re ω^2p, Im ω^2p, Re ω^3p, Im ω^3p), then s and m. s must be even.
import type { Cx, FunctionBuilder } from './wasm-expr';
import { stridedPassKernel } from './wasm-kernel-pass';

/**
 * The radix-4 DFT of a, b, c, d (bound) with the twiddles w1..w3 (bound, or null for all ones);
 * returns y0..y3, unbound.
 */
export function radix4Butterfly(f: FunctionBuilder, x: Cx[], w: Cx[] | null): Cx[] {
  const [a, b, c, d] = x;
  const t0 = f.bindCx(f.cadd(a, c));
  const t1 = f.bindCx(f.csub(a, c));
  const t2 = f.bindCx(f.cadd(b, d));
  // t3 = -i·(b - d)
  const t3 = f.bindCx({ r: f.sub(b.i, d.i), i: f.sub(d.r, b.r) });
  const u = [f.cadd(t1, t3), f.csub(t0, t2), f.csub(t1, t3)];
  const y = [f.cadd(t0, t2)];
  for (let j = 0; j < 3; j++) y.push(w === null ? u[j] : f.cmul(f.bindCx(u[j]), w[j]));
  return y;
}

/** The radix-4 pass (wasm-kernel-pass.ts), s >= 2 and even. */
export function radix4PassKernel(name: string): ReturnType<FunctionBuilder['build']> {
  return stridedPassKernel(4, name, () => radix4Butterfly);
}
