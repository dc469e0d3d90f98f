// The WebAssembly SIMD radix-3 Stockham pass for even strides s >= 2 (the loop of
// wasm-kernel-pass.ts; the butterfly of stage-radix3.ts, with h = sin(2π/3) = √3/2):
//   y0 = a + (b + c),  y1, y2 = a - (b + c)/2 ∓ i·h(b - c),  then y_j ·= ω^{jp}
// Lanes run the butterflies of neighbouring q, as in every strided pass.
//
// Arguments as wasm-kernel-pass.ts; the twiddle table holds per p: Re ω^p, Im ω^p, Re ω^2p, Im ω^2p.
import type { FunctionBuilder } from './wasm-expr';
import { type Butterfly, stridedPassKernel } from './wasm-kernel-pass';

const H = Math.sqrt(3) / 2;

/** The radix-3 butterfly; its constants are bound once per call of the kernel. */
function radix3Butterfly(f: FunctionBuilder): Butterfly {
  const h = f.bind(f.constF64x2(H));
  const half = f.bind(f.constF64x2(0.5));
  return (f, [a, b, c], w) => {
    const s = f.bindCx(f.cadd(b, c));
    const mid = f.bindCx(f.csub(a, f.cscale(s, half)));
    // -i·h·(b - c)
    const d = f.bindCx({ r: f.mul(h, f.sub(b.i, c.i)), i: f.mul(h, f.sub(c.r, b.r)) });
    const u1 = f.bindCx(f.cadd(mid, d));
    const u2 = f.bindCx(f.csub(mid, d));
    return [f.cadd(a, s), f.cmul(u1, w[0]), f.cmul(u2, w[1])];
  };
}

/** The radix-3 pass, s >= 2 and even. */
export function radix3PassKernel(name: string): ReturnType<FunctionBuilder['build']> {
  return stridedPassKernel(3, name, radix3Butterfly);
}
