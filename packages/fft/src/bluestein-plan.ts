// Bluestein's chirp-z algorithm (Bluestein 1970; Rabiner, Schafer & Rader 1969): a DFT of any
// length n as a convolution of length M, computed with fast smooth-length transforms.
//
// Glossary
//   n        transform length (typically with a large prime factor)
//   M        convolution length, 5-smooth, M >= 2n - 2 so the cyclic convolution does not wrap
//            (the b_m for m and -m are equal, so b_{n-1} and b_{-(n-1)} may share slot n - 1 when
//            M = 2n - 2; that saves a factor of two in M for n = 2^k + 1, e.g. 65537)
//   c_k      the chirp exp(-πi·k²/n), k = 0..n-1
//   b_m      conj(c_|m|) for |m| < n, laid out cyclically in [0, M) (b_{M-m} = b_m), zero elsewhere
//   B        DFT_M(b)/M, precomputed (the 1/M of the inverse transform is folded in)
//
// Since jk = (j² + k² - (k - j)²)/2,
//   X_k = Σ_j x_j exp(-2πi·jk/n) = c_k · Σ_j (x_j c_j) · b_{k-j}
// so X = c ⊙ (first n of IDFT_M(DFT_M(x ⊙ c) ⊙ DFT_M(b))).
// The inverse is taken as IDFT(v) = conj(DFT(conj v)) with both conjugations folded into the
// pointwise products, and the data stays interleaved in the inner plan's buffers throughout.
// k² is reduced mod 2n with integer arithmetic before the angle is formed, so chirps stay accurate
// to 1 ulp for every n (the angle πk²/n itself would lose digits for large k).
import { passRadices } from './factorize';
import { StockhamPlan } from './stockham-plan';
import { unitRoot } from './unit-roots';

/** Forward DFT of one fixed length by Bluestein's algorithm. Not reentrant. */
export class BluesteinPlan {
  readonly n: number;
  readonly m: number;
  private readonly inner: StockhamPlan;
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  /** DFT_M(b)/M, interleaved. */
  private readonly spectrum: Float64Array;

  constructor(n: number, m: number) {
    this.n = n;
    this.m = m;
    this.inner = new StockhamPlan(m, passRadices(m));
    [this.cr, this.ci] = bluesteinChirp(n);
    const [br, bi] = bluesteinFilter(this.cr, this.ci, m);
    this.inner.forward(br, bi, 0, br, bi, 0);
    this.spectrum = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) {
      this.spectrum[2 * k] = br[k];
      this.spectrum[2 * k + 1] = bi[k];
    }
  }

  /** Forward DFT of x[xo .. xo+n) into y[yo .. yo+n); x is read completely first, so they may overlap. */
  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void {
    const { n, m, cr, ci, inner } = this;
    const a = inner.input;
    chirpIn(xr, xi, xo, cr, ci, a, n, m);
    const v = inner.forwardInterleaved();
    conjugateProduct(v, this.spectrum, inner.input, m);
    chirpOut(inner.forwardInterleaved(), cr, ci, yr, yi, yo, n);
  }
}

/** The chirp c_k = exp(-πi·k²/n), k < n, as (re, im); shared with wasm-bluestein-plan.ts. */
export function bluesteinChirp(n: number): [Float64Array, Float64Array] {
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  const w = new Float64Array(2);
  const twoN = 2 * n;
  let k2 = 0; // k² mod 2n, updated with (k+1)² = k² + 2k + 1
  for (let k = 0; k < n; k++) {
    unitRoot(-k2, twoN, w);
    cr[k] = w[0];
    ci[k] = w[1];
    k2 = (k2 + 2 * k + 1) % twoN;
  }
  return [cr, ci];
}

/** b/M laid out cyclically in [0, M) (see the glossary), before its DFT; split (re, im). */
export function bluesteinFilter(cr: Float64Array, ci: Float64Array, m: number): [Float64Array, Float64Array] {
  const n = cr.length;
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  const scale = 1 / m;
  br[0] = cr[0] * scale;
  bi[0] = -ci[0] * scale;
  for (let k = 1; k < n; k++) {
    const re = cr[k] * scale;
    const im = -ci[k] * scale;
    br[k] = re;
    bi[k] = im;
    br[m - k] = re;
    bi[m - k] = im;
  }
  return [br, bi];
}

/** a = interleaved (x ⊙ c) zero-padded to m points. */
function chirpIn(
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  cr: Float64Array,
  ci: Float64Array,
  a: Float64Array,
  n: number,
  m: number,
): void {
  for (let k = 0; k < n; k++) {
    const vr = xr[xo + k];
    const vi = xi[xo + k];
    const wr = cr[k];
    const wi = ci[k];
    a[2 * k] = vr * wr - vi * wi;
    a[2 * k + 1] = vr * wi + vi * wr;
  }
  a.fill(0, 2 * n, 2 * m);
}

/** out = conj(v ⊙ b), interleaved, m points: the product and the first conjugation of the inverse. */
function conjugateProduct(v: Float64Array, b: Float64Array, out: Float64Array, m: number): void {
  for (let k = 0; k < 2 * m; k += 2) {
    const vr = v[k];
    const vi = v[k + 1];
    const wr = b[k];
    const wi = b[k + 1];
    out[k] = vr * wr - vi * wi;
    out[k + 1] = -(vr * wi + vi * wr);
  }
}

/** y = conj(u) ⊙ c on the first n points: the second conjugation of the inverse and the output chirp. */
function chirpOut(
  u: Float64Array,
  cr: Float64Array,
  ci: Float64Array,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
  n: number,
): void {
  for (let k = 0; k < n; k++) {
    const vr = u[2 * k];
    const vi = -u[2 * k + 1];
    const wr = cr[k];
    const wi = ci[k];
    yr[yo + k] = vr * wr - vi * wi;
    yi[yo + k] = vr * wi + vi * wr;
  }
}
