// FFTPlan: the complex DFT of one length on typed-array pairs, forward and inverse.
//
// Glossary
//   n        transform length (any integer >= 1)
//   x, X     signal and spectrum, split into real and imaginary arrays (re, im)
//   forward  X_k = Σ_j x_j·exp(-2πi·jk/n)          (numpy.fft.fft)
//   inverse  x_j = (1/n)·Σ_k X_k·exp(+2πi·jk/n)    (numpy.fft.ifft, scaled by 1/n)
import type { FFTBackend, FFTPlanOptions } from './backend-choice';
import { scalePair } from './complex-arrays';
import { createKernel, type DFTKernel, type KernelAlgorithm } from './dft-kernel';
import { ValueError } from './errors';
import { checkArray, checkLength, type FloatArray, overlaps } from './float-array';
import { WasmComplexKernel } from './wasm-complex-kernel';

/**
 * A reusable complex FFT of length n. Building it computes the twiddle tables and picks the
 * algorithm (mixed-radix Stockham for lengths whose prime factors are small, Bluestein otherwise);
 * transforms then allocate nothing. Get shared instances from `getPlan(n)`.
 * Not reentrant: one transform at a time per plan (JavaScript is single-threaded, so this only
 * matters for code that would call a plan from inside its own transform).
 */
export class FFTPlan {
  readonly n: number;
  /** The algorithm the plan runs: 'stockham' (mixed radix 2/3/4/5/odd) or 'bluestein'. */
  readonly algorithm: KernelAlgorithm;
  /**
   * The engine: 'wasm-simd' (n >= 32 of the form 2^a·3^b·5^c, a >= 1, and Bluestein lengths whose
   * convolution the cost model puts on wasm, where the engine has WebAssembly SIMD) or 'js'.
   * Pass `{ backend: 'js' }` to force the JS passes.
   */
  readonly backend: FFTBackend;
  /** @internal the forward engine; batch routines call it with offsets. */
  readonly kernel: DFTKernel;
  private stageRe: Float64Array | null = null;
  private stageIm: Float64Array | null = null;

  constructor(n: number, options?: FFTPlanOptions) {
    this.n = checkLength('FFTPlan', n);
    const { kernel, algorithm, backend } = createKernel('FFTPlan', this.n, options);
    this.kernel = kernel;
    this.algorithm = algorithm;
    this.backend = backend;
  }

  /**
   * Forward DFT. `re, im: [n] -> outRe, outIm: [n]`; in place when the outputs are omitted.
   * Float64Array or Float32Array (float32 is computed in float64 and rounded once at the end).
   * Matches numpy.fft.fft.
   */
  forward(re: FloatArray, im: FloatArray, outRe: FloatArray = re, outIm: FloatArray = im): void {
    this.run('FFTPlan.forward', false, re, im, outRe, outIm);
  }

  /** Inverse DFT scaled by 1/n. `re, im: [n] -> outRe, outIm: [n]`. Matches numpy.fft.ifft. */
  inverse(re: FloatArray, im: FloatArray, outRe: FloatArray = re, outIm: FloatArray = im): void {
    this.run('FFTPlan.inverse', true, re, im, outRe, outIm);
  }

  private run(
    op: string,
    inverse: boolean,
    re: FloatArray,
    im: FloatArray,
    outRe: FloatArray,
    outIm: FloatArray,
  ): void {
    const n = this.n;
    checkArray(op, 're', re, n);
    checkArray(op, 'im', im, n);
    if (outRe !== re || outIm !== im) {
      checkArray(op, 'outRe', outRe, n);
      checkArray(op, 'outIm', outIm, n);
    }
    // Every kernel reads its whole input before it writes any output, so inputs and outputs may
    // alias freely; only the two outputs must be separate memory.
    if (outRe === outIm || (outRe.buffer === outIm.buffer && overlaps(outRe, outIm))) {
      throw new ValueError(op, 'the real and imaginary outputs must not share memory');
    }
    const scale = inverse ? 1 / n : 1;
    // Swapping real and imaginary parts on both sides turns the forward kernel into the
    // unscaled inverse (IDFT(z) = swap(DFT(swap(z)))).
    const ar = inverse ? im : re;
    const ai = inverse ? re : im;
    const br = inverse ? outIm : outRe;
    const bi = inverse ? outRe : outIm;
    if (this.kernel instanceof WasmComplexKernel) {
      // copies through linear memory: either dtype, the scale folded into the first pass
      this.kernel.transform(ar, ai, 0, br, bi, 0, scale);
      return;
    }
    if (
      ar instanceof Float64Array &&
      ai instanceof Float64Array &&
      br instanceof Float64Array &&
      bi instanceof Float64Array
    ) {
      this.kernel.forward(ar, ai, 0, br, bi, 0);
      if (scale !== 1) scalePair(br, bi, n, scale);
      return;
    }
    // float32 anywhere: compute on float64 copies, round once when writing the outputs.
    if (this.stageRe === null || this.stageIm === null) {
      this.stageRe = new Float64Array(n);
      this.stageIm = new Float64Array(n);
    }
    const sr = this.stageRe;
    const si = this.stageIm;
    for (let k = 0; k < n; k++) {
      sr[k] = ar[k];
      si[k] = ai[k];
    }
    this.kernel.forward(sr, si, 0, sr, si, 0);
    for (let k = 0; k < n; k++) {
      br[k] = sr[k] * scale;
      bi[k] = si[k] * scale;
    }
  }
}
