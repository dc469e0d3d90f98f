// Accurate roots of unity, the twiddle factors of every transform in this package.
//
// Glossary
//   N        the order of the root: ω_N = exp(2πi/N)
//   k        an integer exponent; ω_N^k = cos(2πk/N) + i·sin(2πk/N)
//   q        the nearest quarter turn to k/N, so that the residual angle is in [-π/4, π/4]
//
// Why not Math.cos(2 * Math.PI * k / N)? For k near N the argument is near 2π, where its rounding
// error (about 4e-16 absolute) is as large as a small sine. Reducing k/N to the nearest quarter
// turn with integer arithmetic first keeps every root accurate to about 1 ulp and makes the
// symmetries exact (ω^{N/2} = -1, ω^{N/4} = i, ω^{N-k} = conj ω^k), which is what keeps the
// round-off of a 2^16-point transform near 1e-15 relative (numpy/pocketfft does the same).

/**
 * cos(2πk/N) and sin(2πk/N) for any integer k (reduced mod N), written into out[0], out[1].
 * Exact for multiples of a quarter turn; about 1 ulp elsewhere. Matches numpy.exp(2j*pi*k/N).
 */
export function unitRoot(k: number, N: number, out: Float64Array | number[]): void {
  k %= N;
  if (k < 0) k += N;
  // 4k/N = q + f with |f| <= 1/2: the angle is q quarter turns plus π/2·f.
  const q = Math.round((4 * k) / N);
  const num = 4 * k - q * N; // integer, exact for N < 2^50
  const a = (Math.PI * num) / (2 * N);
  const c = Math.cos(a);
  const s = Math.sin(a);
  switch (q & 3) {
    case 0:
      out[0] = c;
      out[1] = s;
      break;
    case 1:
      out[0] = -s;
      out[1] = c;
      break;
    case 2:
      out[0] = -c;
      out[1] = -s;
      break;
    default:
      out[0] = s;
      out[1] = -c;
  }
}

/**
 * The table of N-th roots of unity: cos[k] = cos(2πk/N), sin[k] = sin(2πk/N), k = 0..N-1.
 * Computed once per plan; every stage of a transform indexes into it.
 */
export function unitRootTable(N: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(N);
  const sin = new Float64Array(N);
  const w = new Float64Array(2);
  // Only k <= N/2 is computed; the rest is the exact conjugate (ω^{N-k} = conj ω^k).
  const half = N >> 1;
  for (let k = 0; k <= half; k++) {
    unitRoot(k, N, w);
    cos[k] = w[0];
    sin[k] = w[1];
  }
  for (let k = half + 1; k < N; k++) {
    cos[k] = cos[N - k];
    sin[k] = -sin[N - k];
  }
  return { cos, sin };
}
