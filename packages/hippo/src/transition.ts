// HiPPO transition matrices: the continuous-time (A, B) whose state c(t) holds the coefficients
// of the projection of the input history onto a polynomial (or Fourier) basis under a measure.
//
// Glossary (HiPPO, Gu et al. 2020; S4, Gu, Goel, Ré 2022):
//   N            state size (number of basis functions)
//   A: [N, N]    transition, B: [N] input; dynamics dc/dt = A c + B u
//   legs         scaled Legendre (measure uniform on [0, t]); time-invariant form of S4
//   legt         translated Legendre (uniform on a sliding window)
//   lagt         translated Laguerre (exponentially decaying measure)
//   fourier      translated Fourier (FouT), sine/cosine pairs of frequency j = 0..N/2−1
//
// Reference matched: state-spaces/s4 `transition(measure, N)` (src/models/hippo/hippo.py), sign
// convention included: the returned A is already negative (stable), i.e. A here is the S4 code's A.
//   legs:    A_nk = −√(2n+1)√(2k+1) (n > k), −(n+1) (n = k), 0 (n < k);  B_n = √(2n+1)
//   legt:    A_nk = −√(2n+1)√(2k+1)·(1 if n ≥ k else (−1)^{n−k});        B_n = √(2n+1)
//   lagt:    A = I/2 − tril(1);                                          B_n = 1
//   fourier: A = 2π(diag(d, 1) − diag(d, −1)) − (1_{N/2×N/2} ⊗ I₂), d = (0,0, 1,0, 2,0, …);
//            B = (1, 0, 1, 0, …)
import { DEFAULT_DTYPE, type DType, fromArray, type Tensor, ValueError } from '@seqmod/tensor';

export type HippoMeasure = 'legs' | 'legt' | 'lagt' | 'fourier';

export const HIPPO_MEASURES: readonly HippoMeasure[] = ['legs', 'legt', 'lagt', 'fourier'];

export interface HippoMatrices {
  measure: HippoMeasure;
  N: number;
  /** A: [N, N] row-major. */
  A: Float64Array;
  /** B: [N]. */
  B: Float64Array;
}

/** Throws ValueError unless N is a positive integer (even for fourier, whose state holds pairs). */
export function checkStateSize(op: string, measure: HippoMeasure, N: number): void {
  if (!Number.isInteger(N) || N < 1) throw new ValueError(op, `N must be a positive integer, got ${N}`);
  if (measure === 'fourier' && N % 2 !== 0) {
    throw new ValueError(op, `measure 'fourier' needs an even N (cosine/sine pairs), got ${N}`);
  }
}

/** HiPPO (A: [N, N], B: [N]) for a measure, as state-spaces/s4 `transition(measure, N)`. */
export function hippoArray(measure: HippoMeasure, N: number): HippoMatrices {
  const op = 'hippo';
  if (!HIPPO_MEASURES.includes(measure)) {
    throw new ValueError(
      op,
      `unknown measure '${String(measure)}'; expected one of ${HIPPO_MEASURES.join(', ')}`,
    );
  }
  checkStateSize(op, measure, N);
  const A = new Float64Array(N * N);
  const B = new Float64Array(N);
  const r = (n: number) => Math.sqrt(2 * n + 1);
  switch (measure) {
    case 'legs':
      for (let n = 0; n < N; n++) {
        B[n] = r(n);
        for (let k = 0; k < n; k++) A[n * N + k] = -r(n) * r(k);
        A[n * N + n] = -(n + 1);
      }
      break;
    case 'legt':
      for (let n = 0; n < N; n++) {
        B[n] = r(n);
        for (let k = 0; k < N; k++) {
          const sign = n >= k || (n - k) % 2 === 0 ? 1 : -1;
          A[n * N + k] = -r(n) * r(k) * sign;
        }
      }
      break;
    case 'lagt':
      for (let n = 0; n < N; n++) {
        B[n] = 1;
        for (let k = 0; k < n; k++) A[n * N + k] = -1;
        A[n * N + n] = -0.5;
      }
      break;
    case 'fourier':
      for (let n = 0; n < N; n++) {
        B[n] = n % 2 === 0 ? 1 : 0;
        for (let k = 0; k < N; k++) if (n % 2 === k % 2) A[n * N + k] = -1;
      }
      for (let j = 0; 2 * j + 1 < N; j++) {
        A[2 * j * N + 2 * j + 1] += 2 * Math.PI * j;
        A[(2 * j + 1) * N + 2 * j] -= 2 * Math.PI * j;
      }
      break;
  }
  return { measure, N, A, B };
}

/** HiPPO (A: [N, N], B: [N]) as Tensors (default dtype float32, like every seqmod tensor). */
export function hippo(
  measure: HippoMeasure,
  N: number,
  opts: { dtype?: DType } = {},
): { A: Tensor; B: Tensor } {
  const { A, B } = hippoArray(measure, N);
  const dtype = opts.dtype ?? DEFAULT_DTYPE;
  return { A: fromArray(A, [N, N], { dtype }), B: fromArray(B, [N], { dtype }) };
}
