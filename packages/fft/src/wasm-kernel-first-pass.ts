// The first Stockham pass (stride s = 1) in WebAssembly SIMD, radix 2 or 4, on split arrays:
//   y[r·p + j] = scale · ω^{jp} · Σ_l x[p + l·m] · exp(-2πi·jl/r),   j < r, p < m, n = r·m
// Here the twiddles change with p and the butterflies of neighbouring p are r apart in y, so the
// lanes run butterflies p and p + 1: the inputs are neighbours in x, the twiddles come as vectors
// (ω^{jp}, ω^{j(p+1)}) from a table laid out for it, and a pair of shuffles per two outputs puts
// y[r·p + j], y[r·p + j + 1] and y[r(p+1) + j], y[r(p+1) + j + 1] back next to each other.
//
// `scale` multiplies every output: 1 forward, 1/n for the inverse (folded into the twiddles, so
// it costs two products per twiddle vector instead of a sweep over the output).
// When m = 1 (n = r) the second lane computes a butterfly from the first lane's neighbours and
// writes it past y[n - 1]; the buffers carry padding for it (wasm-fft-memory.ts).
//
// Arguments: byte addresses of x.re, x.im, y.re, y.im and of the twiddle table (per pair of p,
// for j = 1..r-1: Re ω^{jp}, Re ω^{j(p+1)}, Im ω^{jp}, Im ω^{j(p+1)}), then m (i32), scale (f64).
//
// The `interleaved` variant reads x as interleaved complex numbers at x.re (x.im is ignored): the
// real FFT's packed signal z_j = x_{2j} + i·x_{2j+1} is exactly the real signal in memory, so its
// first pass reads the signal directly and no separate sweep splits it (two shuffles per input
// pair instead). For m = 1 it reads one complex number past the end (padding). It serves the
// forward transform only and ignores `scale`.
import { type Cx, F64, FunctionBuilder, I32 } from './wasm-expr';
import { radix4Butterfly } from './wasm-kernel-radix4';

export function firstPassKernel(
  radix: 2 | 4,
  name: string,
  interleaved = false,
): ReturnType<FunctionBuilder['build']> {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, F64]);
  const [xr, xi, yr, yi, tw, m, scale] = [0, 1, 2, 3, 4, 5, 6];
  // bytes per input point: 8 split, 16 interleaved
  const width = interleaved ? 16 : 8;
  const dist = f.int(f.imul(f.get(m), f.const(width)));
  const inBase = (arr: number, l: number) => f.int(f.iadd(f.get(arr), f.imul(f.get(dist), f.const(l))));
  const ins = Array.from({ length: radix }, (_, l) =>
    interleaved ? { r: inBase(xr, l), i: -1 } : { r: inBase(xr, l), i: inBase(xi, l) },
  );
  const sc = f.bind(f.splatF64(scale));
  const io = f.int(f.const(0)); // width·p
  /** inputs p and p + 1 of x[· + l·m] as (re, re), (im, im) vectors */
  const input = (b: { r: number; i: number }): Cx => {
    if (!interleaved)
      return f.bindCx({ r: f.load(f.iadd(f.get(b.r), f.get(io))), i: f.load(f.iadd(f.get(b.i), f.get(io))) });
    const lo = f.bind(f.load(f.iadd(f.get(b.r), f.get(io))));
    const hi = f.bind(f.load(f.iadd(f.get(b.r), f.get(io)), 16));
    return f.bindCx({ r: f.pick(lo, hi, 0, 2), i: f.pick(lo, hi, 1, 3) });
  };
  const oyr = f.int(f.get(yr)); // y.re + 8rp
  const oyi = f.int(f.get(yi));
  const twp = f.int(f.get(tw));
  // ceil(m / 2) pairs of butterflies
  f.repeat(f.ishr(f.iadd(f.get(m), f.const(1)), 1), () => {
    const x = ins.map(input);
    // the interleaved variant serves the forward real FFT only: scale is 1 and not applied
    const scaled = (v: () => void) => (interleaved ? v : f.mul(v, sc));
    const w = Array.from({ length: radix - 1 }, (_, j) => ({
      r: f.bind(scaled(f.load(f.get(twp), 32 * j))),
      i: f.bind(scaled(f.load(f.get(twp), 32 * j + 16))),
    }));
    const y: Cx[] =
      radix === 4
        ? radix4Butterfly(f, x, w)
        : [f.cadd(x[0], x[1]), f.cmul(f.bindCx(f.csub(x[0], x[1])), w[0])];
    if (!interleaved) y[0] = f.cscale(y[0], sc);
    const yb = y.map((v) => f.bindCx(v));
    for (let j = 0; j < radix; j += 2) {
      for (const [part, out] of [
        ['r', oyr],
        ['i', oyi],
      ] as const) {
        const a = yb[j][part];
        const b = yb[j + 1][part];
        f.store(f.get(out), f.pick(a, b, 0, 2), 8 * j);
        f.store(f.get(out), f.pick(a, b, 1, 3), 8 * (radix + j));
      }
    }
    f.advance(io, f.const(2 * width));
    f.advance(oyr, f.const(16 * radix));
    f.advance(oyi, f.const(16 * radix));
    f.advance(twp, f.const(32 * (radix - 1)));
  });
  return f.build(name);
}
