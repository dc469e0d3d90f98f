// Bluestein's algorithm (bluestein-plan.ts, same glossary) with its two length-M transforms on the
// wasm SIMD passes, M a power of two: for lengths with a large prime factor where the engine has
// wasm SIMD. The chirp and spectrum products stay in JavaScript but read and write the kernel's
// work regions in linear memory directly, so nothing is copied between the transforms:
//   A = x ⊙ c (zero-padded to M); passes -> V; A = conj(V ⊙ B); passes -> U; y = conj(U) ⊙ c
// (the inverse DFT as conj(DFT(conj ·)), B = DFT_M(b)/M with the 1/M folded in).
import { bluesteinChirp, bluesteinFilter } from './bluestein-plan';
import type { DFTKernel } from './dft-kernel';
import { WasmComplexKernel } from './wasm-complex-kernel';

/** Forward DFT of one fixed length by Bluestein's algorithm on the wasm passes. Not reentrant. */
export class WasmBluesteinPlan implements DFTKernel {
  private constructor(
    readonly n: number,
    readonly m: number,
    private readonly inner: WasmComplexKernel,
    private readonly cr: Float64Array,
    private readonly ci: Float64Array,
    /** DFT_M(b)/M, split */
    private readonly sr: Float64Array,
    private readonly si: Float64Array,
  ) {}

  /** The plan for n with convolution length m (a power of two >= 2n - 2); null without wasm SIMD. */
  static create(n: number, m: number): WasmBluesteinPlan | null {
    const inner = WasmComplexKernel.create(m);
    if (inner === null) return null;
    const [cr, ci] = bluesteinChirp(n);
    const [br, bi] = bluesteinFilter(cr, ci, m);
    inner.forward(br, bi, 0, br, bi, 0);
    return new WasmBluesteinPlan(n, m, inner, cr, ci, br, bi);
  }

  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void {
    const { n, m, cr, ci, sr, si, inner } = this;
    const v = inner.regionViews();
    const ar = v.re[0];
    const ai = v.im[0];
    for (let k = 0; k < n; k++) {
      const pr = xr[xo + k];
      const pi = xi[xo + k];
      const wr = cr[k];
      const wi = ci[k];
      ar[k] = pr * wr - pi * wi;
      ai[k] = pr * wi + pi * wr;
    }
    ar.fill(0, n, m);
    ai.fill(0, n, m);
    const z = inner.runInArea(v.area, false, 1);
    const vr = v.re[z];
    const vi = v.im[z];
    // A = conj(V ⊙ B): the product and the first conjugation of the inverse (elementwise, so
    // A may be V itself)
    for (let k = 0; k < m; k++) {
      const pr = vr[k];
      const pi = vi[k];
      const wr = sr[k];
      const wi = si[k];
      ar[k] = pr * wr - pi * wi;
      ai[k] = -(pr * wi + pi * wr);
    }
    inner.runInArea(v.area, false, 1);
    // y = conj(U) ⊙ c on the first n points
    for (let k = 0; k < n; k++) {
      const pr = vr[k];
      const pi = -vi[k];
      const wr = cr[k];
      const wi = ci[k];
      yr[yo + k] = pr * wr - pi * wi;
      yi[yo + k] = pr * wi + pi * wr;
    }
  }
}
