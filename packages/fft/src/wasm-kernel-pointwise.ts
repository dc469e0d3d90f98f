// The pointwise complex product of WebAssembly SIMD, for Bluestein's chirp and spectrum products
// (wasm-bluestein-plan.ts): on split arrays in linear memory, for k < n,
//   y_k = (Re(x_k·w_k), sign·Im(x_k·w_k))
// sign = -1 gives conj(x·w), which folds the conjugations of the inverse DFT
// (IDFT(v) = conj(DFT(conj v))/M) into the products, as the JS Bluestein does.
// Two points per iteration: for odd n it reads x and w one past the end and writes y one past
// the end (the work regions and the tables carry padding for it). y may be x.
//
// Arguments: byte addresses of x.re, x.im, w.re, w.im, y.re, y.im, then n (i32, >= 1), sign (f64).
import { F64, FunctionBuilder, I32 } from './wasm-expr';

export function pointwiseKernel(name: string): ReturnType<FunctionBuilder['build']> {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32, F64]);
  const [xr, xi, wr, wi, yr, yi, n, sign] = [0, 1, 2, 3, 4, 5, 6, 7];
  const sg = f.bind(f.splatF64(sign));
  const off = f.int(f.const(0));
  const at = (base: number) => f.iadd(f.get(base), f.get(off));
  f.repeat(f.ishr(f.iadd(f.get(n), f.const(1)), 1), () => {
    const x = f.bindCx({ r: f.load(at(xr)), i: f.load(at(xi)) });
    const w = f.bindCx({ r: f.load(at(wr)), i: f.load(at(wi)) });
    const y = f.cmul(x, w);
    f.store(at(yr), y.r);
    f.store(at(yi), f.mul(y.i, sg));
    f.advance(off, f.const(16));
  });
  return f.build(name);
}
