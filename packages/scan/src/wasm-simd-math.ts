// Elementary functions on f32x4 for the hand-written wasm kernels, emitted inline (wasm SIMD has
// no exp or log, and a call per vector would cost more than the polynomial).
//
// exp(x), Cody–Waite reduction (Cephes expf), every step in float32:
//   k = round(x·log2 e)          (adding 1.5·2^23 + 127 rounds to an integer in the low mantissa
//                                 bits, so k as a float and 2^k's exponent bits come from one add;
//                                 no float→int conversion, which x64 lacks for f32x4)
//   r = (x − k·ln2_hi) − k·ln2_lo,  |r| ≤ ln2/2  (ln2_hi has 9 significant bits: k·ln2_hi is exact)
//   exp(x) = 2^k · P(r),  P of degree 6 (Chebyshev interpolation on [−ln2/2, ln2/2], relative
//                                 error 2.5e-9 in exact arithmetic), evaluated by Estrin's scheme
// Measured against float64 exp rounded to float32: < 1.5 ulp over [−87.3, 88.3] (1.45 at worst in a
// 3M-point sweep of a float32 model of these steps). Ranges:
// x < ln(2^−126) ≈ −87.34 returns +0 (subnormal results flush to 0, so e·h of the scan never meets
// a subnormal); x ≥ 88.38 returns +∞ (2^128 overflows the exponent; float32's largest value is
// 3.4e38 = e^88.72); NaN stays NaN.
//
// softplus(r) = log(1 + e^r) = max(r, 0) + log1p(e^−|r|), and with s = e/(2 + e) (e = e^−|r|),
// log1p(e) = 2·atanh(s) = s·Q(s²), s² ≤ 1/9, Q of degree 4 (Chebyshev, relative error 4e-9).
// ≤ 3.2 ulp against float64 over [−30, 30]; r > 20 returns r, as torch's threshold does.
// sigmoid(z) = 1 / (1 + e^−z), silu(z) = z·sigmoid(z) (e^−z = +∞ gives 0).
import { wasmEncoder } from '@seqmod/tensor';
import type { Locals } from './wasm-locals';

const { CodeWriter, SimdOp } = wasmEncoder;
type CodeWriter = wasmEncoder.CodeWriter;

/** Monomial coefficients of P(r) ≈ e^r on [−ln2/2, ln2/2] (c0 = c1 = 1 in float32). */
export const EXP_POLY: readonly number[] = [
  1, 1.0000000377334777, 0.500000004713932, 0.16666415437988236, 0.04166635280100227, 0.008375132781106505,
  0.001394111640769823,
];

/** Monomial coefficients of Q(w) ≈ 2·atanh(√w)/√w on [0, 1/9]. */
export const LOG1P_POLY: readonly number[] = [
  2.000000007681759, 0.6666632164138003, 0.4002459523071185, 0.2796515774455717, 0.2815777836660226,
];

const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444005469057e-4;
/** ln(FLT_MAX): larger arguments are clamped here (and overflow to +∞ from 88.38 on). */
const EXP_HI = 88.72283172607422;
/** ln(2^−126): smaller arguments return 0. */
const EXP_LO = -87.33654022216797;
const ROUND_MAGIC = 12582912; // 1.5·2^23

function f32Bytes(v: number): number[] {
  return Array.from(new Uint8Array(new Float32Array([v, v, v, v]).buffer));
}

function i32Bytes(v: number): number[] {
  return Array.from(new Uint8Array(new Int32Array([v, v, v, v]).buffer));
}

/** The instructions (bytes) that push one constant vector: `w.op(...c.one)`. */
export type ConstPush = number[];

/** The constants of the emitted functions. */
export interface MathConsts {
  one: ConstPush;
  two: ConstPush;
  zero: ConstPush;
  /** 0x80000000 in every lane */
  sign: ConstPush;
  hi: ConstPush;
  lo: ConstPush;
  log2e: ConstPush;
  /** 1.5·2^23 + 127 */
  magic: ConstPush;
  ln2hi: ConstPush;
  ln2lo: ConstPush;
  /** EXP_POLY[2..6] (c0 = c1 = one) */
  ep: ConstPush[];
  lp: ConstPush[];
}

/** Scratch v128 locals of one chain (one vector in flight through an emitter). */
export interface ChainTemps {
  xc: number;
  j: number;
  k: number;
  r: number;
  r2: number;
  a: number;
  b: number;
  e: number;
  s: number;
}

/** Allocates the constants and `chains` sets of temporaries, and emits the constants' setup. */
export function declareMath(w: CodeWriter, locals: Locals, chains = 1): { c: MathConsts; t: ChainTemps[] } {
  // each constant in a v128 local set once at entry: V8 keeps what fits in registers and reloads
  // the rest from its stack frame, which measured faster than loading them from linear memory
  const konst = (bytes: number[]): ConstPush => {
    const l = locals.v128();
    w.v128Const(bytes).set(l);
    return new CodeWriter().get(l).bytes;
  };
  const f = (v: number) => konst(f32Bytes(v));
  const c: MathConsts = {
    one: f(1),
    two: f(2),
    zero: f(0),
    sign: konst(i32Bytes(0x80000000 | 0)),
    hi: f(EXP_HI),
    lo: f(EXP_LO),
    log2e: f(Math.LOG2E),
    magic: f(ROUND_MAGIC + 127),
    ln2hi: f(LN2_HI),
    ln2lo: f(LN2_LO),
    ep: EXP_POLY.slice(2).map(f),
    lp: LOG1P_POLY.map(f),
  };
  const chain = (): ChainTemps => ({
    xc: locals.v128(),
    j: locals.v128(),
    k: locals.v128(),
    r: locals.v128(),
    r2: locals.v128(),
    a: locals.v128(),
    b: locals.v128(),
    e: locals.v128(),
    s: locals.v128(),
  });
  return { c, t: Array.from({ length: chains }, chain) };
}

/** Emits f(chain i) for every i, step by step: the emitters below interleave their chains. */
function each(ts: readonly ChainTemps[], n: number, f: (t: ChainTemps, i: number) => void): void {
  for (let i = 0; i < n; i++) f(ts[i]!, i);
}

/**
 * out[i] = exp(x[i]) for i < xs.length (v128 locals; x[i] is left unchanged, out[i] may be x[i]),
 * the chains interleaved step by step: one exp is a chain of about 45 cycles of latency, and a
 * core's scheduler only overlaps a few of them unless independent chains sit side by side in the
 * instruction stream.
 */
export function emitExps(
  w: CodeWriter,
  c: MathConsts,
  ts: readonly ChainTemps[],
  xs: readonly number[],
  outs: readonly number[],
): void {
  const S = SimdOp;
  const n = xs.length;
  const [c2, c3, c4, c5, c6] = c.ep as [ConstPush, ConstPush, ConstPush, ConstPush, ConstPush];
  // xc = min(x, hi), NaN passing through (pmin(a, b) = b < a ? b : a)
  each(ts, n, (t, i) =>
    w
      .get(xs[i]!)
      .op(...c.hi)
      .simd(S.f32x4Pmin)
      .set(t.xc),
  );
  // j = xc·log2e + (1.5·2^23 + 127): the add rounds xc·log2e to the integer k, kept with the
  // exponent bias in the low mantissa bits of j; k = j − (1.5·2^23 + 127) exactly
  each(ts, n, (t) =>
    w
      .get(t.xc)
      .op(...c.log2e)
      .simd(S.f32x4Mul)
      .op(...c.magic)
      .simd(S.f32x4Add)
      .set(t.j),
  );
  each(ts, n, (t) =>
    w
      .get(t.j)
      .op(...c.magic)
      .simd(S.f32x4Sub)
      .set(t.k),
  );
  // r = (xc − k·ln2_hi) − k·ln2_lo
  each(ts, n, (t) =>
    w
      .get(t.xc)
      .get(t.k)
      .op(...c.ln2hi)
      .simd(S.f32x4Mul)
      .simd(S.f32x4Sub)
      .set(t.r),
  );
  each(ts, n, (t) =>
    w
      .get(t.r)
      .get(t.k)
      .op(...c.ln2lo)
      .simd(S.f32x4Mul)
      .simd(S.f32x4Sub)
      .set(t.r),
  );
  // P(r) = (1 + r) + r²·((c2 + c3 r) + r²·(c4 + c5 r + c6 r²))  (Estrin: half Horner's latency)
  each(ts, n, (t) => w.get(t.r).get(t.r).simd(S.f32x4Mul).set(t.r2));
  each(ts, n, (t) =>
    w
      .get(t.r)
      .op(...c3)
      .simd(S.f32x4Mul)
      .op(...c2)
      .simd(S.f32x4Add)
      .set(t.a),
  );
  each(ts, n, (t) =>
    w
      .get(t.r)
      .op(...c5)
      .simd(S.f32x4Mul)
      .op(...c4)
      .simd(S.f32x4Add)
      .set(t.b),
  );
  each(ts, n, (t) =>
    w
      .get(t.r2)
      .op(...c6)
      .simd(S.f32x4Mul)
      .get(t.b)
      .simd(S.f32x4Add)
      .set(t.b),
  );
  each(ts, n, (t) => w.get(t.r2).get(t.b).simd(S.f32x4Mul).get(t.a).simd(S.f32x4Add).set(t.a));
  each(ts, n, (t) => {
    w.get(t.r2).get(t.a).simd(S.f32x4Mul);
    w.get(t.r)
      .op(...c.one)
      .simd(S.f32x4Add)
      .simd(S.f32x4Add)
      .set(t.a);
  });
  // ·2^k: j's bits shifted left by 23 are (k + 127) << 23 (the bits of 1.5·2^23 shift out), the
  // float 2^k; then x < ln(2^−126) gives +0 (also for −∞, whose k is garbage)
  each(ts, n, (t, i) => {
    w.get(t.a).get(t.j).i32(23).simd(S.i32x4Shl).simd(S.f32x4Mul);
    w.get(xs[i]!)
      .op(...c.lo)
      .simd(S.f32x4Lt)
      .simd(S.v128AndNot)
      .set(outs[i]!);
  });
}

/** out[i] = softplus(r[i]) = log(1 + e^r[i]), chains interleaved (r[i] unchanged). */
export function emitSoftpluses(
  w: CodeWriter,
  c: MathConsts,
  ts: readonly ChainTemps[],
  rs: readonly number[],
  outs: readonly number[],
): void {
  const S = SimdOp;
  const n = rs.length;
  // e = exp(−|r|): OR the sign bit in
  each(ts, n, (t, i) =>
    w
      .get(rs[i]!)
      .op(...c.sign)
      .simd(S.v128Or)
      .set(t.s),
  );
  emitExps(
    w,
    c,
    ts,
    ts.slice(0, n).map((t) => t.s),
    ts.slice(0, n).map((t) => t.e),
  );
  // s = e / (2 + e); r2 = s²
  each(ts, n, (t) =>
    w
      .get(t.e)
      .get(t.e)
      .op(...c.two)
      .simd(S.f32x4Add)
      .simd(S.f32x4Div)
      .set(t.s),
  );
  each(ts, n, (t) => w.get(t.s).get(t.s).simd(S.f32x4Mul).set(t.r2));
  // s·Q(s²) by Horner, + max(r, 0) (NaN passing through: pmax(a, b) = a < b ? b : a)
  const lp = c.lp;
  each(ts, n, (t) => w.op(...lp[lp.length - 1]!).set(t.a));
  for (let k = lp.length - 2; k >= 0; k--) {
    each(ts, n, (t) =>
      w
        .get(t.a)
        .get(t.r2)
        .simd(S.f32x4Mul)
        .op(...lp[k]!)
        .simd(S.f32x4Add)
        .set(t.a),
    );
  }
  each(ts, n, (t, i) => {
    w.get(t.a).get(t.s).simd(S.f32x4Mul);
    w.get(rs[i]!)
      .op(...c.zero)
      .simd(S.f32x4Pmax)
      .simd(S.f32x4Add)
      .set(outs[i]!);
  });
}

/** out[i] = 1 + e^−z[i], chains interleaved (z[i] unchanged). */
export function emitOnePlusExpNegs(
  w: CodeWriter,
  c: MathConsts,
  ts: readonly ChainTemps[],
  zs: readonly number[],
  outs: readonly number[],
): void {
  const S = SimdOp;
  const n = zs.length;
  each(ts, n, (t, i) =>
    w
      .get(zs[i]!)
      .op(...c.sign)
      .simd(S.v128Xor)
      .set(t.s),
  );
  emitExps(
    w,
    c,
    ts,
    ts.slice(0, n).map((t) => t.s),
    outs,
  );
  each(ts, n, (_, i) =>
    w
      .get(outs[i]!)
      .op(...c.one)
      .simd(S.f32x4Add)
      .set(outs[i]!),
  );
}
