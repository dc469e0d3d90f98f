// The mixed-radix Stockham FFT for lengths whose prime factors all have a pass kernel
// (2, 3, 4, 5, 8 dedicated; other small odd primes through the O(r²) odd-radix pass).
//
// Glossary
//   n          transform length, n = r_0·r_1·…·r_{S-1}
//   S          number of passes
//   r_i        radix of pass i; the pass splits sub-transforms of length len_i = n / (r_0…r_{i-1})
//   s_i        r_0·…·r_{i-1}, the stride of pass i (s_0 = 1); m_i = len_i / r_i
//   X_k        Σ_j x_j·exp(-2πi·jk/n), the forward DFT (numpy.fft.fft convention)
//
// Passes ping-pong between two interleaved work buffers. For powers of two (radix-8 and radix-4
// passes, the last of radix 4) the first pass reads the caller's split arrays and the last writes
// them; other lengths interleave and de-interleave around the passes. Either way the input is
// read completely before the output is written, so a transform may run in place.
import { deinterleave, interleave } from './complex-arrays';
import { radix4FirstFromSplit, radix4LastToSplit, radix8FirstFromSplit } from './split-passes';
import { type OddRadix, oddRadixPass } from './stage-generic';
import { radix2Pass } from './stage-radix2';
import { radix3Pass } from './stage-radix3';
import { radix4Pass } from './stage-radix4';
import { radix5Pass } from './stage-radix5';
import { radix8Pass } from './stage-radix8';
import { unitRootTable } from './unit-roots';

interface Pass {
  radix: number;
  s: number;
  m: number;
  /** ω^{jp}, j = 1..r-1, interleaved re/im per p (forward sign). */
  tw: Float64Array;
  odd: OddRadix | null;
}

/** Forward complex DFT of one fixed smooth length. Not reentrant (it owns its work buffers). */
export class StockhamPlan {
  readonly n: number;
  readonly radices: readonly number[];
  /** Whether the power-of-two path (split input and output fused into the first and last passes) applies. */
  readonly fused: boolean;
  private readonly passes: Pass[];
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(n: number, radices: readonly number[]) {
    this.n = n;
    this.radices = radices;
    const roots = unitRootTable(n);
    this.passes = [];
    let s = 1;
    for (const r of radices) {
      const len = n / s;
      const m = len / r;
      // ω_len^{jp} = ω_n^{jps}; jps < n, so the table index needs no reduction.
      const tw = new Float64Array(2 * (r - 1) * m);
      for (let p = 0; p < m; p++) {
        for (let j = 1; j < r; j++) {
          const k = j * p * s;
          const t = 2 * ((r - 1) * p + j - 1);
          tw[t] = roots.cos[k];
          tw[t + 1] = -roots.sin[k];
        }
      }
      let odd: OddRadix | null = null;
      if (r > 5 && r !== 8) {
        const rr = unitRootTable(r);
        odd = { r, cos: rr.cos, sin: rr.sin, tmp: new Float64Array(4 * ((r - 1) / 2 + 1) + 2 * r) };
      }
      this.passes.push({ radix: r, s, m, tw, odd });
      s *= r;
    }
    const S = radices.length;
    this.fused = S >= 2 && radices.every((r) => r === 4 || r === 8) && radices[S - 1] === 4;
    this.a = new Float64Array(2 * n);
    this.b = new Float64Array(2 * n);
  }

  /**
   * Forward DFT of x[xo .. xo+n) into y[yo .. yo+n) (split real/imaginary arrays). The input is
   * read completely before the output is written, so the ranges may overlap.
   */
  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void {
    const { n, passes } = this;
    const S = passes.length;
    if (S === 0) {
      yr[yo] = xr[xo];
      yi[yo] = xi[xo];
      return;
    }
    if (this.fused) {
      const p0 = passes[0];
      if (p0.radix === 8) radix8FirstFromSplit(p0.m, p0.tw, xr, xi, xo, this.a);
      else radix4FirstFromSplit(p0.m, p0.tw, xr, xi, xo, this.a);
      const src = this.middle(1, S - 1);
      radix4LastToSplit(passes[S - 1].s, src, yr, yi, yo);
      return;
    }
    interleave(xr, xi, xo, this.a, n);
    deinterleave(this.middle(0, S), yr, yi, yo, n);
  }

  /**
   * Runs passes 0..S-2 on interleaved input x[xo .. xo+2n) and returns the work buffer that holds
   * their result, for a caller that fuses the last pass with its own post-processing (the real
   * FFT). Requires a fused plan (`fused`); the last pass has radix 4 and stride `lastStride`.
   */
  headInterleaved(x: Float64Array, xo: number): Float64Array {
    const p0 = this.passes[0];
    if (p0.radix === 8) radix8Pass(1, p0.m, p0.tw, x, xo, this.a, 0);
    else radix4Pass(1, p0.m, p0.tw, x, xo, this.a, 0);
    return this.middle(1, this.passes.length - 1);
  }

  /**
   * The interleaved work buffer that `forwardInterleaved` transforms: write the input into its
   * first 2n doubles, then call forwardInterleaved.
   */
  get input(): Float64Array {
    return this.a;
  }

  /**
   * Forward DFT of the interleaved data the caller wrote into `input`; returns the interleaved
   * buffer holding the result (valid until the next call). For callers that keep their data
   * interleaved between transforms (Bluestein), saving the layout conversions.
   */
  forwardInterleaved(): Float64Array {
    return this.middle(0, this.passes.length);
  }

  /** The stride s of the last pass (n/4 when it has radix 4). */
  get lastStride(): number {
    return this.passes[this.passes.length - 1].s;
  }

  /** Runs passes [from, to) starting from buffer a (from = 0: a holds the input); returns the result buffer. */
  private middle(from: number, to: number): Float64Array {
    let src = this.a;
    let dst = this.b;
    for (let i = from; i < to; i++) {
      const { radix, s, m, tw, odd } = this.passes[i];
      switch (radix) {
        case 8:
          radix8Pass(s, m, tw, src, 0, dst, 0);
          break;
        case 4:
          radix4Pass(s, m, tw, src, 0, dst, 0);
          break;
        case 2:
          radix2Pass(s, m, tw, src, 0, dst, 0);
          break;
        case 3:
          radix3Pass(s, m, tw, src, 0, dst, 0);
          break;
        case 5:
          radix5Pass(s, m, tw, src, 0, dst, 0);
          break;
        default:
          oddRadixPass(odd!, s, m, tw, src, 0, dst, 0);
      }
      const t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
