// What a user would write instead: the selective scan as one plain JavaScript loop over
// Float32Arrays, sequential per channel, Math.exp per state update (mamba's selective_scan_ref
// loop, in the library layout [B, L, D], softplus step with bias, skip D and gate z).
import type { SelectiveArrays } from './inputs';

export function plainSelectiveScan(x: SelectiveArrays, out: Float32Array): void {
  const { B, L, D, N, u, delta, A, Bm, Cm, Dv, z, bias } = x;
  const h = new Float64Array(N);
  for (let b = 0; b < B; b++) {
    for (let d = 0; d < D; d++) {
      h.fill(0);
      for (let t = 0; t < L; t++) {
        const i = (b * L + t) * D + d;
        const r = delta[i]! + bias[d]!;
        const dt = r > 20 ? r : Math.log1p(Math.exp(r));
        const du = dt * u[i]!;
        const bc = (b * L + t) * N;
        let acc = 0;
        for (let n = 0; n < N; n++) {
          const hn = Math.exp(dt * A[d * N + n]!) * h[n]! + du * Bm[bc + n]!;
          h[n] = hn;
          acc += hn * Cm[bc + n]!;
        }
        const zz = z[i]!;
        out[i] = ((acc + Dv[d]! * u[i]!) * zz) / (1 + Math.exp(-zz));
      }
    }
  }
}
