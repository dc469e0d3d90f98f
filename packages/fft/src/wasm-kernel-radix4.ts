// The WebAssembly SIMD radix-4 Stockham pass for strides s >= 2, on split real/imaginary arrays
// in linear memory. Symbols as in stage-radix4.ts: the pass computes, for p < m and q < s,
//   y[q + s(4p + j)] = ω^{jp} · Σ_l x[q + s(p + l·m)] · exp(-2πi·jl/4),   j = 0..3
// with ω = exp(-2πi/(4m)). Neighbouring q share every twiddle and sit next to each other in both
// x and y, so each f64x2 lane runs one butterfly and the twiddles are broadcast (one load per p).
//
// Arguments (i32): byte addresses of x.re, x.im, y.re, y.im and of the twiddle table (per p:
// Re ω^p, Im ω^p, Re ω^2p, Im ω^2p, Re ω^3p, Im ω^3p), then s and m. s must be even.
import { type Cx, FunctionBuilder, I32, type Val } from './wasm-expr';

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

export function radix4PassKernel(name: string): ReturnType<FunctionBuilder['build']> {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32]);
  const [xr, xi, yr, yi, tw, s, m] = [0, 1, 2, 3, 4, 5, 6];
  const step = f.int(f.imul(f.get(s), f.const(8))); // 8s: bytes between the outputs of a butterfly
  const dist = f.int(f.imul(f.get(step), f.get(m))); // 8sm: bytes between its inputs
  // Loop-invariant base addresses of the four inputs and the four outputs; the loop adds an offset.
  const inBase = (arr: number, l: number) => f.int(f.iadd(f.get(arr), f.imul(f.get(dist), f.const(l))));
  const outBase = (arr: number, j: number) => f.int(f.iadd(f.get(arr), f.imul(f.get(step), f.const(j))));
  const ins = [0, 1, 2, 3].map((l) => ({ r: inBase(xr, l), i: inBase(xi, l) }));
  const outs = [0, 1, 2, 3].map((j) => ({ r: outBase(yr, j), i: outBase(yi, j) }));
  const io = f.int(f.const(0)); // input offset 8(q + s·p): runs straight through q, then p
  const oo = f.int(f.const(0)); // output offset 8(q + 4s·p)
  const twp = f.int(f.get(tw));
  const at = (base: number, off: number): Val => f.iadd(f.get(base), f.get(off));
  f.repeat(f.get(m), () => {
    const w = [0, 1, 2].map((j) => ({
      r: f.bind(f.splat(f.get(twp), 16 * j)),
      i: f.bind(f.splat(f.get(twp), 16 * j + 8)),
    }));
    f.advance(twp, f.const(48));
    f.repeat(f.ishr(f.get(s), 1), () => {
      const x = ins.map((b) => f.bindCx({ r: f.load(at(b.r, io)), i: f.load(at(b.i, io)) }));
      const y = radix4Butterfly(f, x, w);
      y.forEach((v, j) => {
        f.store(at(outs[j].r, oo), v.r);
        f.store(at(outs[j].i, oo), v.i);
      });
      f.advance(io, f.const(16));
      f.advance(oo, f.const(16));
    });
    // the q loop advanced the output by 8s; the next p starts 32s further on
    f.advance(oo, f.imul(f.get(step), f.const(3)));
  });
  return f.build(name);
}
