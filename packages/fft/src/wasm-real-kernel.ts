// The real DFT of a length n = 2h, h = 2^a·3^b·5^c with a >= 1, through the WebAssembly SIMD passes: the half-length
// trick of real-plan.ts (same glossary: n = 2h, z_j = x_{2j} + i·x_{2j+1}, Z = DFT_h(z)) with
// every O(n) step in wasm as well.
//
// Forward, in the shared work area (regions of at least n doubles, wasm-fft-memory.ts):
//   x -> A.re (one memcpy: the n reals are the h packed complex points, interleaved); complex
//   passes, the first reading A.re as interleaved (radix-2 first pass, odd a) -> Z in A or B;
//   or, for even a, x -> B.re, deinterleave into A.re, A.im, then the passes;
//   split Z -> X in the other buffer; X_0 and X_h (closed forms) written here; X copied out.
// Inverse: X -> B.re, B.im (missing bins zero); merge -> Z in A (scaled by 1/n); Z_0 written here;
// the complex passes with real and imaginary roles swapped (the inverse DFT); interleave into the
// other buffer's re region; n reals copied out.
import type { FloatArray } from './float-array';
import { WasmComplexKernel } from './wasm-complex-kernel';
import { type FFTMemory, fftMemory, type WorkArea } from './wasm-fft-memory';
import { type FFTKernels, fftKernels } from './wasm-fft-module';
import { realSplitTwiddleSize, realSplitTwiddles } from './wasm-twiddles';

/** Addresses (bytes) of the four regions of a work area, indexed [buffer A = 0, B = 1]. */
function regions(area: WorkArea): { re: [number, number]; im: [number, number] } {
  return { re: [area.are, area.bre], im: [area.aim, area.bim] };
}

/**
 * Float64Array views of the regions a transform copies through, for one work area and memory
 * generation (creating views per call would cost more than a whole transform of small n).
 */
interface Views {
  area: WorkArea;
  generation: number;
  /** forward: the input signal (A.re or B.re, n doubles), the spectrum (h + 1 bins, re and im) */
  signal: Float64Array;
  specRe: Float64Array;
  specIm: Float64Array;
  /** inverse: the bins in (B.re, B.im, h + 1 each) and the signal out (n doubles) */
  binsRe: Float64Array;
  binsIm: Float64Array;
  result: Float64Array;
  /** which buffer (0 = A, 1 = B) holds the complex passes' result, forward and inverse */
  z: 0 | 1;
}

/** Real DFT of n = 2h (h even, covered by the wasm passes) in wasm; build with `create`. Not reentrant. */
export class WasmRealKernel {
  readonly n: number;
  private views: Views | null = null;

  private constructor(
    private readonly kernels: FFTKernels,
    private readonly memory: FFTMemory,
    private readonly complex: WasmComplexKernel,
    n: number,
    private readonly tw: number,
  ) {
    this.n = n;
  }

  /**
   * The kernel for n = 2h, h = 2^a·3^b·5^c with a >= 1 (wasm-pass-plan.ts); null for other n, or
   * where wasm SIMD or the memory for it is missing.
   */
  static create(n: number): WasmRealKernel | null {
    const kernels = fftKernels();
    if (kernels === null || n % 4 !== 0) return null;
    const complex = WasmComplexKernel.create(n / 2);
    if (complex === null) return null;
    const memory = fftMemory(kernels);
    // the real signal (n doubles) and the h + 1 bins each fit in one region
    if (memory.work(n) === null) return null;
    const tw = memory.table(`real:${n}`, realSplitTwiddleSize(n), (t) => realSplitTwiddles(n, t));
    if (tw === null) return null;
    return new WasmRealKernel(kernels, memory, complex, n, tw);
  }

  /** The views for the current work area (made on first use and after the memory grows). */
  private currentViews(): Views {
    const memory = this.memory;
    const area = memory.work(this.n)!;
    const v = this.views;
    if (v !== null && v.area === area && v.generation === memory.generation) return v;
    const { n } = this;
    const h = n >> 1;
    const f64 = memory.f64;
    const at = (addr: number, len: number) => f64.subarray(addr / 8, addr / 8 + len);
    const r = regions(area);
    const z = this.complex.resultBuffer;
    this.views = {
      area,
      generation: memory.generation,
      signal: at(this.complex.readsInterleaved ? area.are : area.bre, n),
      specRe: at(r.re[1 - z], h + 1),
      specIm: at(r.im[1 - z], h + 1),
      binsRe: at(area.bre, h + 1),
      binsIm: at(area.bim, h + 1),
      result: at(r.re[1 - z], n),
      z,
    };
    return this.views;
  }

  /** X = rfft(x[xo .. xo+n)) into out[oo .. oo+h], either float dtype. Input and output may alias. */
  forward(x: FloatArray, xo: number, outRe: FloatArray, outIm: FloatArray, oo: number): void {
    const { n, kernels } = this;
    const h = n >> 1;
    const v = this.currentViews();
    const { area, z } = v;
    const r = regions(area);
    v.signal.set(x.length === n ? x : x.subarray(xo, xo + n));
    if (this.complex.readsInterleaved) this.complex.runInArea(area, false, 1, true);
    else {
      kernels.deinterleave(area.bre, area.are, area.aim, h);
      this.complex.runInArea(area, false, 1);
    }
    kernels.realSplit(r.re[z], r.im[z], r.re[1 - z], r.im[1 - z], this.tw, h);
    // k = 0 pairs with h (Z_h = Z_0): X_0 = Re Z_0 + Im Z_0, X_h = Re Z_0 - Im Z_0, both real
    const f64 = this.memory.f64;
    const z0r = f64[r.re[z] / 8];
    const z0i = f64[r.im[z] / 8];
    const { specRe, specIm } = v;
    specRe[0] = z0r + z0i;
    specIm[0] = 0;
    specRe[h] = z0r - z0i;
    specIm[h] = 0;
    outRe.set(specRe, oo);
    outIm.set(specIm, oo);
  }

  /**
   * irfft of the first `m` bins at X[xo ..) (bins past m are zero, past h ignored; the imaginary
   * parts of X_0 and X_h are ignored) into out[oo .. oo+n), scaled by 1/n.
   */
  inverse(re: FloatArray, im: FloatArray, xo: number, m: number, out: FloatArray, oo: number): void {
    const { n, kernels } = this;
    const h = n >> 1;
    const v = this.currentViews();
    const { area, z, binsRe, binsIm } = v;
    const avail = Math.min(m, h + 1);
    binsRe.set(avail === re.length ? re : re.subarray(xo, xo + avail));
    binsIm.set(avail === im.length ? im : im.subarray(xo, xo + avail));
    if (avail < h + 1) {
      binsRe.fill(0, avail);
      binsIm.fill(0, avail);
    }
    const scale = 1 / n;
    kernels.realMerge(area.bre, area.bim, area.are, area.aim, this.tw, h, scale);
    // E_0 = (X_0 + X_h)/n, O_0 = (X_0 - X_h)/n, Z_0 = E_0 + i·O_0 (real parts only)
    const f64 = this.memory.f64;
    const x0 = binsRe[0];
    const xh = binsRe[h];
    f64[area.are / 8] = (x0 + xh) * scale;
    f64[area.aim / 8] = (x0 - xh) * scale;
    this.complex.runInArea(area, true, 1);
    const r = regions(area);
    kernels.interleave(r.re[1 - z], r.re[z], r.im[z], h);
    out.set(v.result, oo);
  }
}
