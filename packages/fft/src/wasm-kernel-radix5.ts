// The WebAssembly SIMD radix-5 Stockham pass for even strides s >= 2 (the loop of
// wasm-kernel-pass.ts; the butterfly of stage-radix5.ts). With c1 = cos(2π/5), c2 = cos(4π/5),
// s1 = sin(2π/5), s2 = sin(4π/5), pairing the inputs that share a cosine:
//   y1, y4 = a + c1(b + e) + c2(c + d) ∓ i·v1,   v1 = s1(b - e) + s2(c - d)
//   y2, y3 = a + c2(b + e) + c1(c + d) ∓ i·v2,   v2 = s2(b - e) - s1(c - d)
// then y_j ·= ω^{jp}. ∓i·v needs no negated constant: -i·v = (Im v, -Re v), so it is the sum or
// difference of swapped parts.
//
// Arguments as wasm-kernel-pass.ts; the twiddle table holds per p, for j = 1..4: Re ω^{jp}, Im ω^{jp}.
import type { Cx, FunctionBuilder } from './wasm-expr';
import { type Butterfly, stridedPassKernel } from './wasm-kernel-pass';

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

/** The radix-5 butterfly; its four constants are bound once per call of the kernel. */
function radix5Butterfly(f: FunctionBuilder): Butterfly {
  const [c1, c2, s1, s2] = [C1, C2, S1, S2].map((k) => f.bind(f.constF64x2(k)));
  return (f, [a, b, c, d, e], w) => {
    const p1 = f.bindCx(f.cadd(b, e));
    const m1 = f.bindCx(f.csub(b, e));
    const p2 = f.bindCx(f.cadd(c, d));
    const m2 = f.bindCx(f.csub(c, d));
    const q1 = f.bindCx(f.cadd(a, f.cadd(f.cscale(p1, c1), f.cscale(p2, c2))));
    const q2 = f.bindCx(f.cadd(a, f.cadd(f.cscale(p1, c2), f.cscale(p2, c1))));
    const v1 = f.bindCx(f.cadd(f.cscale(m1, s1), f.cscale(m2, s2)));
    const v2 = f.bindCx(f.csub(f.cscale(m1, s2), f.cscale(m2, s1)));
    // q - i·v and q + i·v
    const minusI = (q: Cx, v: Cx): Cx => f.bindCx({ r: f.add(q.r, v.i), i: f.sub(q.i, v.r) });
    const plusI = (q: Cx, v: Cx): Cx => f.bindCx({ r: f.sub(q.r, v.i), i: f.add(q.i, v.r) });
    const u = [minusI(q1, v1), minusI(q2, v2), plusI(q2, v2), plusI(q1, v1)];
    return [f.cadd(a, f.cadd(p1, p2)), ...u.map((v, j) => f.cmul(v, w[j]))];
  };
}

/** The radix-5 pass, s >= 2 and even. */
export function radix5PassKernel(name: string): ReturnType<FunctionBuilder['build']> {
  return stridedPassKernel(5, name, radix5Butterfly);
}
