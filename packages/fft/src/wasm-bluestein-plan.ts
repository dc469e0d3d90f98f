// Bluestein's algorithm (bluestein-plan.ts, same glossary) with every step in WebAssembly SIMD:
// the two length-M transforms on the wasm passes (M = 2^a·3^b·5^c, a >= 1, wasm-pass-plan.ts)
// and the chirp and spectrum products on the pointwise kernel (wasm-kernel-pointwise.ts), all in
// the shared work area, so the only copies are the input in and the output out:
//   x -> B; A = x ⊙ c (zero-padded to M); passes -> V; A = conj(V ⊙ S); passes -> U;
//   y = conj(U) ⊙ c = conj(U ⊙ conj c) -> the other buffer -> out
// (the inverse DFT as conj(DFT(conj ·)), S = DFT_M(b)/M with the 1/M folded in).
// The plan's tables (c, conj c, S: 4n + 2M doubles) live in the memory's plan slot
// (wasm-fft-memory.ts), copied in when another plan used it last.
import { bluesteinChirp, bluesteinFilter } from './bluestein-plan';
import type { DFTKernel } from './dft-kernel';
import { WasmComplexKernel } from './wasm-complex-kernel';
import { type FFTMemory, fftMemory } from './wasm-fft-memory';
import { fftKernels } from './wasm-fft-module';
import { type MixedKernels, mixedKernels } from './wasm-mixed-module';

/**
 * Doubles per chirp array in the slot: n, plus one read past the end by the pointwise kernel
 * for odd n, rounded to an even count so every array starts 16-byte aligned.
 */
const chirpStride = (n: number) => (n + 2) & ~1;

/** Forward DFT of one fixed length by Bluestein's algorithm on the wasm passes. Not reentrant. */
export class WasmBluesteinPlan implements DFTKernel {
  private constructor(
    readonly n: number,
    readonly m: number,
    private readonly inner: WasmComplexKernel,
    private readonly mixed: MixedKernels,
    private readonly memory: FFTMemory,
    /** the slot's contents: c.re, c.im, -c.im (each chirpStride(n)), S.re, S.im (each m) */
    private readonly tables: Float64Array,
  ) {}

  /**
   * The plan for n with convolution length m (>= 2n - 2, covered by the wasm passes); null
   * without wasm SIMD or the memory for it.
   */
  static create(n: number, m: number): WasmBluesteinPlan | null {
    const first = fftKernels();
    const mixed = mixedKernels();
    const inner = WasmComplexKernel.create(m);
    if (first === null || mixed === null || inner === null || m < 2 * n - 2) return null;
    const [cr, ci] = bluesteinChirp(n);
    const [br, bi] = bluesteinFilter(cr, ci, m);
    inner.forward(br, bi, 0, br, bi, 0);
    const c = chirpStride(n);
    const tables = new Float64Array(3 * c + 2 * m);
    tables.set(cr, 0);
    tables.set(ci, c);
    for (let k = 0; k < n; k++) tables[2 * c + k] = -ci[k];
    tables.set(br, 3 * c);
    tables.set(bi, 3 * c + m);
    const plan = new WasmBluesteinPlan(n, m, inner, mixed, fftMemory(first), tables);
    return plan.slot() === null ? null : plan;
  }

  /** The slot's address, after copying the tables in if another plan used it last. */
  private slot(): number | null {
    return this.memory.slot(this, this.tables.length, (out) => out.set(this.tables));
  }

  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void {
    const { n, m, inner, mixed } = this;
    // the slot first: refilling it may grow the memory, which renews the views below
    const t = this.slot()!;
    const c = 8 * chirpStride(n);
    const [cr, ci, nci, sr, si] = [t, t + c, t + 2 * c, t + 3 * c, t + 3 * c + 8 * m];
    const v = inner.regionViews();
    const { area } = v;
    v.re[1].set(xr.subarray(xo, xo + n));
    v.im[1].set(xi.subarray(xo, xo + n));
    mixed.pointwise(area.bre, area.bim, cr, ci, area.are, area.aim, n, 1);
    v.re[0].fill(0, n, m);
    v.im[0].fill(0, n, m);
    const z = inner.runInArea(area, false, 1);
    const [zr, zi] = z === 0 ? [area.are, area.aim] : [area.bre, area.bim];
    mixed.pointwise(zr, zi, sr, si, area.are, area.aim, m, -1);
    inner.runInArea(area, false, 1);
    // U is in buffer z again; y goes to the other one
    const o = 1 - z;
    const [or, oi] = o === 0 ? [area.are, area.aim] : [area.bre, area.bim];
    mixed.pointwise(zr, zi, cr, nci, or, oi, n, -1);
    yr.set(v.re[o].subarray(0, n), yo);
    yi.set(v.im[o].subarray(0, n), yo);
  }
}
