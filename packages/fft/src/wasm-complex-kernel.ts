// The complex DFT of a length 2^a·3^b·5^c (a >= 1) through the WebAssembly SIMD passes.
//
// Glossary
//   n      transform length
//   plan   a first pass (radix 2 when a is odd, else radix 4; stride 1), then radix-4, radix-3 and
//          radix-5 passes with even strides (wasm-pass-plan.ts); the same Stockham recurrence as
//          the JS passes (stage-radix*.ts), on split real/imaginary work buffers in linear memory.
//          Radix 4 is in the first module (wasm-fft-module.ts), radix 3 and 5 in the second
//          (wasm-mixed-module.ts), which shares its memory
// One transform: copy the input into work buffer A (TypedArray.set: a memcpy), run the passes
// ping-ponging between A and B, copy the result out. Every table the passes read is resident in
// linear memory (wasm-fft-memory.ts), so nothing is computed or allocated per call.
import type { DFTKernel } from './dft-kernel';
import type { FloatArray } from './float-array';
import { type FFTMemory, fftMemory, type WorkArea } from './wasm-fft-memory';
import { type FFTKernels, fftKernels } from './wasm-fft-module';
import { mixedKernels } from './wasm-mixed-module';
import { wasmPassPlan } from './wasm-pass-plan';
import { firstPassTwiddleSize, firstPassTwiddles, passTwiddleSize, passTwiddles } from './wasm-twiddles';

/** Views of the work regions: [A, B] real and imaginary, and the area and memory generation they view. */
export interface RegionViews {
  area: WorkArea;
  generation: number;
  re: Float64Array[];
  im: Float64Array[];
}

/** A strided pass kernel: (x.re, x.im, y.re, y.im, tw, s, m). */
type PassFn = (xr: number, xi: number, yr: number, yi: number, tw: number, s: number, m: number) => void;

interface Pass {
  run: PassFn;
  tw: number;
  s: number;
  m: number;
}

/** Forward DFT of one length 2^a·3^b·5^c (a >= 1) in wasm; build with `create`. Not reentrant. */
export class WasmComplexKernel implements DFTKernel {
  readonly n: number;
  private readonly first: { radix: 2 | 4; tw: number; m: number };
  private readonly passes: Pass[];
  /** Views of the work regions for this n, renewed when the area changes or the memory grows. */
  private views: RegionViews | null = null;

  private constructor(
    private readonly kernels: FFTKernels,
    private readonly memory: FFTMemory,
    n: number,
    first: { radix: 2 | 4; tw: number; m: number },
    passes: Pass[],
  ) {
    this.n = n;
    this.first = first;
    this.passes = passes;
  }

  /**
   * The kernel for n = 2^a·3^b·5^c, a >= 1; null where wasm SIMD is missing or linear memory
   * cannot grow to hold the tables and work buffers (then the caller keeps the JS passes).
   */
  static create(n: number): WasmComplexKernel | null {
    const kernels = fftKernels();
    const plan = wasmPassPlan(n);
    if (kernels === null || plan === null) return null;
    const mixed = mixedKernels();
    if (mixed === null && plan.radices.some((r) => r !== 4)) return null;
    const memory = fftMemory(kernels);
    if (memory.work(n) === null) return null;
    const radix = plan.first;
    const tw = memory.table(`first${radix}:${n}`, firstPassTwiddleSize(radix, n), (t) =>
      firstPassTwiddles(radix, n, t),
    );
    if (tw === null) return null;
    const passes: Pass[] = [];
    let s = radix;
    for (const r of plan.radices) {
      const L = n / s;
      const t = memory.table(`radix${r}:${L}`, passTwiddleSize(r, L), (out) => passTwiddles(r, L, out));
      if (t === null) return null;
      const run = r === 4 ? kernels.radix4 : r === 3 ? mixed!.radix3 : mixed!.radix5;
      passes.push({ run, tw: t, s, m: L / r });
      s *= r;
    }
    return new WasmComplexKernel(kernels, memory, n, { radix, tw, m: n / radix }, passes);
  }

  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void {
    this.transform(xr, xi, xo, yr, yi, yo, 1);
  }

  /**
   * scale · DFT of x[xo .. xo+n) into y[yo .. yo+n), split arrays of either float dtype (float32 is
   * widened on the way in and rounded once on the way out). The input is copied into linear memory
   * before anything is written, so x and y may overlap in any way.
   */
  transform(
    xr: FloatArray,
    xi: FloatArray,
    xo: number,
    yr: FloatArray,
    yi: FloatArray,
    yo: number,
    scale: number,
  ): void {
    const n = this.n;
    const v = this.regionViews();
    v.re[0].set(n === xr.length ? xr : xr.subarray(xo, xo + n));
    v.im[0].set(n === xi.length ? xi : xi.subarray(xo, xo + n));
    const out = this.runInArea(v.area, false, scale);
    yr.set(v.re[out], yo);
    yi.set(v.im[out], yo);
  }

  /**
   * @internal Runs the passes on the n points in work buffer A of `area` (the current work area)
   * and returns the buffer that holds the result: 0 for A, 1 for B. With `swap` the real and
   * imaginary regions of both buffers trade roles, which turns the forward DFT into the unscaled
   * inverse (IDFT(z) = swap(DFT(swap(z)))) with the result in the regions' usual roles.
   * With `interleaved` (forward, and only where `readsInterleaved`) the input is read as
   * interleaved complex numbers from A's real region, which must then hold 2n doubles (the real
   * FFT's packed signal).
   */
  runInArea(area: WorkArea, swap: boolean, scale: number, interleaved = false): 0 | 1 {
    const { kernels, passes } = this;
    const are = swap ? area.aim : area.are;
    const aim = swap ? area.are : area.aim;
    const bre = swap ? area.bim : area.bre;
    const bim = swap ? area.bre : area.bim;
    const { radix, tw, m } = this.first;
    if (interleaved) kernels.first2i(are, aim, bre, bim, tw, m, scale);
    else if (radix === 2) kernels.first2(are, aim, bre, bim, tw, m, scale);
    else kernels.first4(are, aim, bre, bim, tw, m, scale);
    // the first pass wrote B; passes alternate B -> A, A -> B, ...
    for (let i = 0; i < passes.length; i++) {
      const p = passes[i];
      if (i % 2 === 0) p.run(bre, bim, are, aim, p.tw, p.s, p.m);
      else p.run(are, aim, bre, bim, p.tw, p.s, p.m);
    }
    return this.resultBuffer;
  }

  /** @internal Whether runInArea can read interleaved input (the first pass has radix 2). */
  get readsInterleaved(): boolean {
    return this.first.radix === 2;
  }

  /** @internal The work buffer (0 = A, 1 = B) that runInArea leaves the result in. */
  get resultBuffer(): 0 | 1 {
    return this.passes.length % 2 === 0 ? 1 : 0;
  }

  /**
   * @internal Float64Array views of the first n doubles of each work region, [A, B] real and
   * imaginary, with the area they view (for callers that fill A and read the result in place).
   */
  regionViews(): RegionViews {
    const memory = this.memory;
    const area = memory.work(this.n)!;
    const v = this.views;
    if (v !== null && v.area === area && v.generation === memory.generation) return v;
    const f64 = memory.f64;
    const at = (addr: number) => f64.subarray(addr / 8, addr / 8 + this.n);
    this.views = {
      area,
      generation: memory.generation,
      re: [at(area.are), at(area.bre)],
      im: [at(area.aim), at(area.bim)],
    };
    return this.views;
  }
}
