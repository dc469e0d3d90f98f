// The loop of every WebAssembly SIMD Stockham pass with stride s >= 2 (s even), whatever its
// radix r: for p < m and q < s,
//   y[q + s(r·p + j)] = ω^{jp} · Σ_l x[q + s(p + l·m)] · exp(-2πi·jl/r),   j < r,  ω = exp(-2πi/(r·m))
// (stage-radix4.ts and its radix-3/5 twins, on split real/imaginary arrays in linear memory).
// Neighbouring q share every twiddle and sit next to each other in both x and y, so each f64x2
// lane runs one butterfly and the twiddles are broadcast (one splat load per twiddle per p).
// The radix only changes the butterfly, which the caller supplies; the loop, the addressing and
// the twiddle layout are shared by the radix-3, -4 and -5 kernels.
//
// Arguments (i32): byte addresses of x.re, x.im, y.re, y.im and of the twiddle table (per p, for
// j = 1..r-1: Re ω^{jp}, Im ω^{jp}), then s and m.
import { type Cx, FunctionBuilder, I32, type Val } from './wasm-expr';

/**
 * A butterfly: the r inputs (bound) and the r - 1 twiddles (bound) of one p to the r outputs
 * y_0 .. y_{r-1}, twiddles applied (unbound).
 */
export type Butterfly = (f: FunctionBuilder, x: Cx[], w: Cx[]) => Cx[];

/**
 * The pass kernel of radix r. `setup` runs once before the loops (for constants the butterfly
 * binds into locals) and returns the butterfly.
 */
export function stridedPassKernel(
  r: number,
  name: string,
  setup: (f: FunctionBuilder) => Butterfly,
): ReturnType<FunctionBuilder['build']> {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32]);
  const [xr, xi, yr, yi, tw, s, m] = [0, 1, 2, 3, 4, 5, 6];
  const butterfly = setup(f);
  const step = f.int(f.imul(f.get(s), f.const(8))); // 8s: bytes between the outputs of a butterfly
  const dist = f.int(f.imul(f.get(step), f.get(m))); // 8sm: bytes between its inputs
  // Loop-invariant base addresses of the r inputs and the r outputs; the loop adds an offset.
  const inBase = (arr: number, l: number) => f.int(f.iadd(f.get(arr), f.imul(f.get(dist), f.const(l))));
  const outBase = (arr: number, j: number) => f.int(f.iadd(f.get(arr), f.imul(f.get(step), f.const(j))));
  const lanes = Array.from({ length: r }, (_, l) => l);
  const ins = lanes.map((l) => ({ r: inBase(xr, l), i: inBase(xi, l) }));
  const outs = lanes.map((j) => ({ r: outBase(yr, j), i: outBase(yi, j) }));
  const io = f.int(f.const(0)); // input offset 8(q + s·p): runs straight through q, then p
  const oo = f.int(f.const(0)); // output offset 8(q + r·s·p)
  const twp = f.int(f.get(tw));
  const at = (base: number, off: number): Val => f.iadd(f.get(base), f.get(off));
  f.repeat(f.get(m), () => {
    const w = lanes.slice(1).map((j) => ({
      r: f.bind(f.splat(f.get(twp), 16 * (j - 1))),
      i: f.bind(f.splat(f.get(twp), 16 * (j - 1) + 8)),
    }));
    f.advance(twp, f.const(16 * (r - 1)));
    f.repeat(f.ishr(f.get(s), 1), () => {
      const x = ins.map((b) => f.bindCx({ r: f.load(at(b.r, io)), i: f.load(at(b.i, io)) }));
      const y = butterfly(f, x, w);
      y.forEach((v, j) => {
        f.store(at(outs[j].r, oo), v.r);
        f.store(at(outs[j].i, oo), v.i);
      });
      f.advance(io, f.const(16));
      f.advance(oo, f.const(16));
    });
    // the q loop advanced the output by 8s; the next p starts 8·r·s further on
    f.advance(oo, f.imul(f.get(step), f.const(r - 1)));
  });
  return f.build(name);
}
