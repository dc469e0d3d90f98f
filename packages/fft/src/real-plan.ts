// RealFFTPlan: the DFT of a real signal (numpy.fft.rfft) and its inverse (numpy.fft.irfft).
//
// Glossary
//   n          real signal length; the spectrum has n/2 + 1 bins X_0 .. X_{⌊n/2⌋} (the rest is
//              their conjugate mirror X_{n-k} = conj X_k)
//   h          n/2 for even n: the half length of the complex transform that does the work
//   z_j        x_{2j} + i·x_{2j+1}, j < h: the real signal packed into h complex points
//   Z          DFT_h(z)
//   E_k, O_k   DFT_h of the even and of the odd samples: E_k = (Z_k + conj Z_{h-k})/2,
//              O_k = (Z_k - conj Z_{h-k})/(2i)
//   ω          exp(-2πi/n)
//
// Even n (the half-length trick; e.g. Press et al., Numerical Recipes §12.3; Sorensen et al. 1987):
//   forward:  X_k = E_k + ω^k·O_k and X_{h-k} = conj(E_k - ω^k·O_k), k = 0..⌊h/2⌋
//   inverse:  E_k = (X_k + conj X_{h-k})/2, O_k = conj(ω^k)·(X_k - conj X_{h-k})/2,
//             Z_k = E_k + i·O_k, z = IDFT_h(Z)
// so a real transform costs one complex transform of half the length plus O(n) work. When h is a
// power of two >= 8 even that O(n) is fused away: the first pass of the half-length transform
// reads the real samples directly as interleaved complex numbers z_j, and its last pass does the
// split on registers (real-last-pass.ts).
// Lengths n >= 16 with h = 2^a·3^b·5^c (a >= 1) run all of it in WebAssembly SIMD where the
// engine has it (wasm-real-kernel.ts; backend-choice.ts), the JS code below being the fallback;
// for other even n the half-length complex kernel is whatever its own plan would run (wasm
// Bluestein included).
// Odd n goes through a complex transform of length n with zero imaginary part.
// As numpy.fft.irfft does, the inverse ignores the imaginary parts of X_0 and (even n) X_{n/2},
// which a real signal's spectrum cannot have.
import { type FFTBackend, type FFTPlanOptions, wantsWasm } from './backend-choice';
import { createKernel, type DFTKernel, type KernelAlgorithm } from './dft-kernel';
import { ValueError } from './errors';
import { checkArray, checkLength, type FloatArray, overlaps } from './float-array';
import { realLastPass } from './real-last-pass';
import { StockhamPlan } from './stockham-plan';
import { unitRoot } from './unit-roots';
import { WasmRealKernel } from './wasm-real-kernel';

/**
 * A reusable real FFT of length n (any n >= 1). Transforms allocate nothing. Get shared instances
 * from `getRealPlan(n)`. Not reentrant (see FFTPlan).
 */
export class RealFFTPlan {
  readonly n: number;
  /** Number of spectrum bins, ⌊n/2⌋ + 1. */
  readonly bins: number;
  /** The algorithm of the complex transform inside (of length n/2 for even n, n for odd n). */
  readonly algorithm: KernelAlgorithm;
  /**
   * The engine: 'wasm-simd' (n >= 16 with n/2 = 2^a·3^b·5^c, a >= 1, where the engine has
   * WebAssembly SIMD; for other n the half-length complex transform may still run on wasm, as its
   * own plan would) or 'js'.
   * Pass `{ backend: 'js' }` to force the JS code.
   */
  readonly backend: FFTBackend;
  /** The whole transform in wasm, when it applies; the fields below are then unused. */
  private readonly wasm: WasmRealKernel | null;
  private readonly kernel: DFTKernel;
  /** ω^k for k = 0..⌊h/2⌋ (even n only). */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  /** Work arrays of the complex transform (h or n points). */
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  /** The fused power-of-two path: the half-length Stockham plan and [ω^q, ω^{q+s}, ω^{q+2s}, ω^{q+3s}] per q. */
  private readonly fused: StockhamPlan | null = null;
  private readonly rtw: Float64Array | null = null;
  /** Float64 copies of float32 input/output for the fused path (allocated on first use). */
  private stageX: Float64Array | null = null;
  private stageRe: Float64Array | null = null;
  private stageIm: Float64Array | null = null;

  constructor(n: number, options?: FFTPlanOptions) {
    this.n = checkLength('RealFFTPlan', n);
    this.bins = (n >> 1) + 1;
    const even = n % 2 === 0;
    const len = even ? n >> 1 : n;
    this.wasm = wantsWasm('RealFFTPlan', n, true, options) ? WasmRealKernel.create(n) : null;
    let engine: FFTBackend = this.wasm !== null ? 'wasm-simd' : 'js';
    // the JS half-length kernel is the fallback: on the wasm path only its algorithm is reported
    const { kernel, algorithm, backend } = createKernel('RealFFTPlan', this.wasm !== null ? 1 : len, options);
    if (this.wasm === null) engine = backend;
    this.backend = engine;
    this.kernel = kernel;
    this.algorithm = this.wasm !== null ? 'stockham' : algorithm;
    const work = this.wasm !== null ? 0 : len;
    this.zr = new Float64Array(work);
    this.zi = new Float64Array(work);
    const q = even && this.wasm === null ? (n >> 2) + 1 : 0;
    this.wr = new Float64Array(q);
    this.wi = new Float64Array(q);
    const w = new Float64Array(2);
    for (let k = 0; k < q; k++) {
      unitRoot(-k, n, w);
      this.wr[k] = w[0];
      this.wi[k] = w[1];
    }
    if (kernel instanceof StockhamPlan && kernel.fused) {
      const s = kernel.lastStride;
      const rtw = new Float64Array(8 * ((s >> 1) + 1));
      for (let p = 0; p <= s >> 1; p++) {
        for (let j = 0; j < 4; j++) {
          unitRoot(-(p + s * j), n, w);
          rtw[8 * p + 2 * j] = w[0];
          rtw[8 * p + 2 * j + 1] = w[1];
        }
      }
      this.fused = kernel;
      this.rtw = rtw;
    }
  }

  /**
   * Forward real DFT. `x: [n] -> outRe, outIm: [⌊n/2⌋ + 1]`. Matches numpy.fft.rfft(x).
   * Float64Array or Float32Array (computed in float64).
   */
  forward(x: FloatArray, outRe: FloatArray, outIm: FloatArray): void {
    const op = 'RealFFTPlan.forward';
    checkArray(op, 'x', x, this.n);
    checkArray(op, 'outRe', outRe, this.bins);
    checkArray(op, 'outIm', outIm, this.bins);
    // x is read completely before any output is written, so only the two outputs must be apart.
    if (outRe === outIm || (outRe.buffer === outIm.buffer && overlaps(outRe, outIm))) {
      throw new ValueError(op, 'outRe and outIm must not share memory');
    }
    this.forwardAt(x, 0, outRe, outIm, 0);
  }

  /**
   * Inverse real DFT scaled by 1/n. `re, im: [⌊n/2⌋ + 1] -> out: [n]`. Matches numpy.fft.irfft(X, n):
   * the imaginary parts of X_0 and (even n) X_{n/2} are ignored.
   */
  inverse(re: FloatArray, im: FloatArray, out: FloatArray): void {
    const op = 'RealFFTPlan.inverse';
    checkArray(op, 're', re, this.bins);
    checkArray(op, 'im', im, this.bins);
    checkArray(op, 'out', out, this.n);
    this.inverseAt(re, im, 0, this.bins, out, 0);
  }

  /**
   * @internal Forward transform of x[xo .. xo+n) into out[oo .. oo+bins). The input is read
   * completely before any output is written, so the ranges may alias.
   */
  forwardAt(x: FloatArray, xo: number, outRe: FloatArray, outIm: FloatArray, oo: number): void {
    const { n, zr, zi } = this;
    if (this.wasm !== null) {
      this.wasm.forward(x, xo, outRe, outIm, oo);
      return;
    }
    if (this.fused !== null && this.rtw !== null) {
      // The hot loops see Float64Array only; float32 goes through float64 copies.
      let src: Float64Array;
      let so = xo;
      if (x instanceof Float64Array) src = x;
      else {
        if (this.stageX === null) this.stageX = new Float64Array(n);
        src = this.stageX;
        for (let j = 0; j < n; j++) src[j] = x[xo + j];
        so = 0;
      }
      const buf = this.fused.headInterleaved(src, so);
      if (outRe instanceof Float64Array && outIm instanceof Float64Array) {
        realLastPass(this.fused.lastStride, this.rtw, buf, outRe, outIm, oo);
        return;
      }
      if (this.stageRe === null || this.stageIm === null) {
        this.stageRe = new Float64Array(this.bins);
        this.stageIm = new Float64Array(this.bins);
      }
      realLastPass(this.fused.lastStride, this.rtw, buf, this.stageRe, this.stageIm, 0);
      for (let k = 0; k < this.bins; k++) {
        outRe[oo + k] = this.stageRe[k];
        outIm[oo + k] = this.stageIm[k];
      }
      return;
    }
    if (n % 2 === 1) {
      for (let j = 0; j < n; j++) zr[j] = x[xo + j];
      zi.fill(0);
      this.kernel.forward(zr, zi, 0, zr, zi, 0);
      for (let k = 0; k < this.bins; k++) {
        outRe[oo + k] = zr[k];
        outIm[oo + k] = zi[k];
      }
      // The DC bin of a real signal is real; round-off in the complex passes must not say otherwise.
      outIm[oo] = 0;
      return;
    }
    const h = n >> 1;
    for (let j = 0; j < h; j++) {
      zr[j] = x[xo + 2 * j];
      zi[j] = x[xo + 2 * j + 1];
    }
    this.kernel.forward(zr, zi, 0, zr, zi, 0);
    const { wr, wi } = this;
    // k = 0 pairs with h (Z_h = Z_0): X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 - Im Z_0, both real.
    outRe[oo] = zr[0] + zi[0];
    outIm[oo] = 0;
    outRe[oo + h] = zr[0] - zi[0];
    outIm[oo + h] = 0;
    const half = h >> 1;
    for (let k = 1; k <= half; k++) {
      const a = h - k;
      const zkr = zr[k];
      const zki = zi[k];
      const zar = zr[a];
      const zai = zi[a];
      const er = 0.5 * (zkr + zar);
      const ei = 0.5 * (zki - zai);
      const or = 0.5 * (zki + zai);
      const oi = 0.5 * (zar - zkr);
      const tr = or * wr[k] - oi * wi[k];
      const ti = or * wi[k] + oi * wr[k];
      outRe[oo + k] = er + tr;
      outIm[oo + k] = ei + ti;
      // For k = h/2 (h even) this writes the same bin again, with the same value.
      outRe[oo + a] = er - tr;
      outIm[oo + a] = ti - ei;
    }
  }

  /**
   * @internal Inverse transform of the first `m` bins at X[xo ..) (missing bins up to ⌊n/2⌋ are
   * zero, extra ones ignored) into out[oo .. oo+n), scaled by 1/n.
   */
  inverseAt(re: FloatArray, im: FloatArray, xo: number, m: number, out: FloatArray, oo: number): void {
    const { n, zr, zi } = this;
    const bins = this.bins;
    const avail = Math.min(m, bins);
    const scale = 1 / n;
    if (this.wasm !== null) {
      this.wasm.inverse(re, im, xo, avail, out, oo);
      return;
    }
    if (n % 2 === 1) {
      // Hermitian extension: Y_k = X_k, Y_{n-k} = conj X_k, Im Y_0 = 0.
      zr.fill(0);
      zi.fill(0);
      if (avail > 0) zr[0] = re[xo];
      for (let k = 1; k < avail; k++) {
        const r = re[xo + k];
        const i = im[xo + k];
        zr[k] = r;
        zi[k] = i;
        zr[n - k] = r;
        zi[n - k] = -i;
      }
      // Inverse through the forward kernel with re/im swapped on both sides; the result is back in
      // (zr, zi) and only its real part is needed.
      this.kernel.forward(zi, zr, 0, zi, zr, 0);
      for (let j = 0; j < n; j++) out[oo + j] = zr[j] * scale;
      return;
    }
    const h = n >> 1;
    const { wr, wi } = this;
    // Bins past `avail` are zero. X_0 and X_h contribute their real parts only.
    const x0 = avail > 0 ? re[xo] : 0;
    const xh = avail > h ? re[xo + h] : 0;
    // With the 1/n of the inverse folded in: E_0 = (X_0 + X_h)/n, O_0 = (X_0 - X_h)/n.
    zr[0] = (x0 + xh) * scale;
    zi[0] = (x0 - xh) * scale;
    const half = h >> 1;
    for (let k = 1; k <= half; k++) {
      const a = h - k;
      const xkr = k < avail ? re[xo + k] : 0;
      const xki = k < avail ? im[xo + k] : 0;
      const xar = a < avail ? re[xo + a] : 0;
      const xai = a < avail ? im[xo + a] : 0;
      // E_k = (X_k + conj X_a)/n, D_k = (X_k - conj X_a)/n, O_k = conj(ω^k)·D_k
      const er = (xkr + xar) * scale;
      const ei = (xki - xai) * scale;
      const dr = (xkr - xar) * scale;
      const di = (xki + xai) * scale;
      const cr = wr[k];
      const ci = -wi[k];
      const or = dr * cr - di * ci;
      const oi = dr * ci + di * cr;
      // Z_k = E_k + i·O_k; Z_a = conj(E_k) + i·conj(O_k)
      zr[k] = er - oi;
      zi[k] = ei + or;
      zr[a] = er + oi;
      zi[a] = or - ei;
    }
    this.kernel.forward(zi, zr, 0, zi, zr, 0);
    for (let j = 0; j < h; j++) {
      out[oo + 2 * j] = zr[j];
      out[oo + 2 * j + 1] = zi[j];
    }
  }
}
