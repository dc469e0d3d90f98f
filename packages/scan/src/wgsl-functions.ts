// WGSL helper functions shared by the webgpu-wgsl kernels: Mamba's step and gate nonlinearities
// in float32, written to match torch's definitions within float32 rounding.
//
//   softplus(x) = log(1 + e^x), and x itself above 20 (torch's threshold): evaluated as
//                 max(x, 0) + log1p(e^−|x|), which never overflows; log1p(e) for e < 1e−4 is
//                 e·(1 − e/2) because log(1 + e) in float32 loses e's digits there.
//   silu(x)     = x · σ(x) = x / (1 + e^−x)   (e^−x = +∞ for x < −88 gives −0, as it should)
//   sigmoid(x)  = 1 / (1 + e^−x)              (softplus′, and silu′ = σ(x)·(1 + x·(1 − σ(x))))
//
// exp2p(x): 2^x on the FMA pipe instead of the special-function unit (MUFU), the trick of
// FlashAttention-3 for MUFU-bound kernels. Range reduction (Cody–Waite): n = round(x) through
// the 1.5·2^23 magic number (t = x + M keeps n in its low mantissa bits, t − M = n exactly; no
// float-to-int conversion, which runs at the MUFU rate too), f = x − n ∈ [−½, ½]; 2^f by a
// degree-5 polynomial (POLY_EXP2, fitted here to the relative error: max 1.9e−7 in float32 with
// fused multiply-adds, the size of MUFU ex2.approx's own error); 2^n by adding n to the
// exponent bits (n << 23 is the low 9 bits of t's pattern shifted: two's complement mod 2^32).
// x is clamped to [−127, 128]: x ≤ −127 gives +0 (between −127 and −125, a value under 2^−124
// with a large relative error: a denormal GPUs flush anyway), x ≥ 128 gives +∞, never NaN.
// Measured on the H100 (bench/results/wgsl-notes.md, run 12): the selective forward is not
// MUFU-bound, and every exp moved here made it slower; kept as an option (ScanTile.polyExp).

/** 2^f ≈ Σ c_k f^k on f ∈ [−½, ½], c_0 … c_5 (float32 values). */
export const POLY_EXP2 = [
  1.0, 0.6931470036506653, 0.24022242426872253, 0.05550733581185341, 0.009671512991189957,
  0.0013264728477224708,
] as const;

const MAGIC = 12582912; // 1.5 · 2^23

function wgslFloat(v: number): string {
  const s = String(v);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * The WGSL function `name(x: T) -> T` (T = f32 or vecW<f32>, `uType` its u32 counterpart):
 * 2^x by the polynomial above (exp2p).
 */
export function wgslPolyExp2(name: string, type: string, uType: string): string {
  const c = POLY_EXP2;
  const steps: string[] = [];
  let p = `${type}(${wgslFloat(c[5])})`;
  for (let k = 4; k >= 0; k--) {
    steps.push(`  ${k === 4 ? 'var ' : ''}p = fma(${p}, f, ${type}(${wgslFloat(c[k]!)}));`);
    p = 'p';
  }
  return `
fn ${name}(x: ${type}) -> ${type} {
  let xc = clamp(x, ${type}(-127.0), ${type}(128.0));
  let t = xc + ${type}(${MAGIC}.0);
  // XOR with exp2pKey (0 at run time, unknown to the compiler): otherwise a compiler that
  // reassociates float sums folds (xc + M) − M to xc, and f to 0 (seen on SwiftShader)
  let tb = bitcast<${uType}>(t) ^ ${uType}(exp2pKey);
  let f = xc - (bitcast<${type}>(tb) - ${type}(${MAGIC}.0));
${steps.join('\n')}
  return bitcast<${type}>(bitcast<${uType}>(p) + (tb << ${uType}(23u)));
}
`;
}

/**
 * The module-scope key exp2p reads: declare it once per shader and set it at the entry point
 * from a uniform to a value that is 0 whenever exp2p runs.
 */
export const WGSL_POLY_EXP2_KEY = 'var<private> exp2pKey: u32;';

const f32Buf = new Float32Array(1);
const u32Buf = new Uint32Array(f32Buf.buffer);

function bitsOf(x: number): number {
  f32Buf[0] = x;
  return u32Buf[0]!;
}

function fromBits(b: number): number {
  u32Buf[0] = b >>> 0;
  return f32Buf[0]!;
}

/**
 * exp2p evaluated on the CPU step by step in float32 (Math.fround after every operation; a
 * fused multiply-add as the exact float64 product-sum rounded once): what the WGSL computes.
 */
export function polyExp2F32(x: number): number {
  const r = Math.fround;
  const xc = r(Math.min(Math.max(r(x), -127), 128));
  const t = r(xc + MAGIC);
  // (the WGSL XORs t's bits with exp2pKey, 0 whenever it runs)
  const f = r(xc - r(t - MAGIC));
  let p = r(POLY_EXP2[5]);
  for (let k = 4; k >= 0; k--) p = r(p * f + r(POLY_EXP2[k]!));
  return fromBits((bitsOf(p) + ((bitsOf(t) << 23) >>> 0)) >>> 0);
}

/**
 * The WGSL source of softplus, silu and sigmoid (f32 -> f32). `poly`: their exponentials through
 * exp2p (defined here as well) instead of exp, off the special-function unit; the shader must
 * then declare and set WGSL_POLY_EXP2_KEY.
 */
export function wgslActivations(poly = false): string {
  const ex = (a: string) => (poly ? `exp2p((${a}) * 1.4426950408889634)` : `exp(${a})`);
  return `${poly ? wgslPolyExp2('exp2p', 'f32', 'u32') : ''}
fn softplus(x: f32) -> f32 {
  let e = ${ex('-abs(x)')};
  let lp = select(log(1.0 + e), e * (1.0 - 0.5 * e), e < 1e-4);
  return select(max(x, 0.0) + lp, x, x > 20.0);
}

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + ${ex('-x')});
}

fn silu(x: f32) -> f32 {
  return x / (1.0 + ${ex('-x')});
}
`;
}

/** `body` once per value of `k` in [0, count), joined by newlines: unrolled loops in generated WGSL. */
export function unroll(count: number, body: (k: number) => string): string {
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(body(k));
  return out.join('\n');
}
