// The O(n) step of the real FFT in WebAssembly SIMD: turning the half-length complex DFT Z of the
// packed signal into the real spectrum X (forward), and back (inverse). Algebra and symbols as in
// real-plan.ts: for a pair k, a = h - k and ω = exp(-2πi/n),
//   forward:  E = (Z_k + conj Z_a)/2,  O = (Z_k - conj Z_a)/(2i),  X_k = E + ω^k·O,  X_a = conj(E - ω^k·O)
//   inverse:  E = (X_k + conj X_a)·c,  O = conj(ω^k)·(X_k - conj X_a)·c,  Z_k = E + i·O,
//             Z_a = conj(E) + i·conj(O)   (c = 1/n, the scale of the inverse)
// Lanes hold k0 and k0 + 1 (k0 = 1, 3, 5, ...), so their partners h - k0 and h - k0 - 1 are one
// vector read backwards: a load at h - k0 - 1 and a swap of the two lanes, and the same for the
// store. ⌊(h + 2)/4⌋ pairs cover k = 1 .. h/2 (h >= 2 and even; k = h/2 pairs with itself and
// both lanes that reach it write the same value; when h/2 is odd the last pair's second lane
// k = h/2 + 1 rewrites X_{h/2+1} and X_{h/2-1}, which the pair before wrote, with equal values). For h = 2 the pair (1, 2) also reads and
// writes index h (padding of the work buffers) and writes index 0. Bins 0 and h are the caller's:
// X_0 and X_h (forward) and Z_0 (inverse) have closed forms (real-plan.ts), written after the call.
//
// Twiddle table, per pair: Re t_{k0}, Re t_{k0+1}, Im t_{k0}, Im t_{k0+1} with t_k = ω^k / 2
// (the 1/2 of E and O folded in). Arguments: byte addresses of the source's re and im, the
// destination's re and im, the table, then h (i32); the inverse also takes c (f64).
import { type Cx, F64, FunctionBuilder, I32, type Val } from './wasm-expr';

type Built = ReturnType<FunctionBuilder['build']>;

/** Shared loop: k pairs, the partner vectors read reversed, and the stores of both results. */
function pairLoop(f: FunctionBuilder, combine: (k: Cx, a: Cx, t: Cx) => { k: Cx; a: Cx }): void {
  const [sr, si, dr, di, tw, h] = [0, 1, 2, 3, 4, 5];
  const swap = (v: Val) => f.pick(v, v, 1, 0);
  const lo = f.int(f.const(8)); // byte offset of k0
  const hi = f.int(f.imul(f.iadd(f.get(h), f.const(-2)), f.const(8))); // of h - k0 - 1
  const twp = f.int(f.get(tw));
  const at = (base: number, off: number) => f.iadd(f.get(base), f.get(off));
  f.repeat(f.ishr(f.iadd(f.get(h), f.const(2)), 2), () => {
    const k = f.bindCx({ r: f.load(at(sr, lo)), i: f.load(at(si, lo)) });
    const a = f.bindCx({ r: swap(f.load(at(sr, hi))), i: swap(f.load(at(si, hi))) });
    const t = f.bindCx({ r: f.load(f.get(twp)), i: f.load(f.get(twp), 16) });
    const out = combine(k, a, t);
    const yk = f.bindCx(out.k);
    const ya = f.bindCx(out.a);
    f.store(at(dr, lo), yk.r);
    f.store(at(di, lo), yk.i);
    f.store(at(dr, hi), swap(ya.r));
    f.store(at(di, hi), swap(ya.i));
    f.advance(lo, f.const(16));
    f.advance(hi, f.const(-16));
    f.advance(twp, f.const(32));
  });
}

/** Forward: split Z (source) into X_1 .. X_{h-1} (destination). */
export function realSplitKernel(name: string): Built {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32]);
  const half = f.bind(f.constF64x2(0.5));
  pairLoop(f, (z, za, t) => {
    const e = f.bindCx({ r: f.mul(f.add(z.r, za.r), half), i: f.mul(f.sub(z.i, za.i), half) });
    const o = f.bindCx({ r: f.add(z.i, za.i), i: f.sub(za.r, z.r) }); // 2·O
    const w = f.bindCx(f.cmul(o, t)); // ω^k·O
    return { k: f.cadd(e, w), a: { r: f.sub(e.r, w.r), i: f.sub(w.i, e.i) } };
  });
  return f.build(name);
}

/** Inverse: X_1 .. X_{h-1} (source) into Z_1 .. Z_{h-1} (destination), scaled by c. */
export function realMergeKernel(name: string): Built {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, F64]);
  const c = f.bind(f.splatF64(6));
  const c2 = f.bind(f.add(c, c));
  pairLoop(f, (x, xa, t) => {
    const e = f.bindCx({ r: f.mul(f.add(x.r, xa.r), c), i: f.mul(f.sub(x.i, xa.i), c) });
    // D·2c with D = X_k - conj X_a; O = conj(ω^k)·D·c = conj(t)·(D·2c)
    const d = f.bindCx({ r: f.mul(f.sub(x.r, xa.r), c2), i: f.mul(f.add(x.i, xa.i), c2) });
    const o = f.bindCx({
      r: f.add(f.mul(d.r, t.r), f.mul(d.i, t.i)),
      i: f.sub(f.mul(d.i, t.r), f.mul(d.r, t.i)),
    });
    return { k: { r: f.sub(e.r, o.i), i: f.add(e.i, o.r) }, a: { r: f.add(e.r, o.i), i: f.sub(o.r, e.i) } };
  });
  return f.build(name);
}
