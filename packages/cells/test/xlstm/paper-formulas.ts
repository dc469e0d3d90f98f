// The xLSTM recurrences exactly as the paper writes them (no stabiliser), in plain float64 loops:
// the independent reference the library's stabilised forms are checked against, for inputs small
// enough that the raw exponentials do not overflow.
import type { Tensor } from '@seqmod/tensor';

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * mLSTM, Beck et al. 2024 eqs. 19–27: C_t = f C + i k vᵀ, n_t = f n + i k, h = Cᵀq / max(|nᵀq|, 1),
 * i = exp(ĩ), f = σ(f̃) or exp(f̃), keys scaled by 1/√DH. q, k, v [B, NH, S, DH], gates [B, NH, S]
 * -> h [B, NH, S, DH] (flat) and the final unscaled C, n.
 */
export function paperMlstm(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPre: Tensor,
  fPre: Tensor,
  forget: 'sigmoid' | 'exp' = 'sigmoid',
) {
  const [B, NH, S, DH] = q.shape as [number, number, number, number];
  const [Q, K, V, I, F] = [q, k, v, iPre, fPre].map((t) => t.toArray());
  const h = new Float64Array(B * NH * S * DH);
  const finalC = new Float64Array(B * NH * DH * DH);
  const finalN = new Float64Array(B * NH * DH);
  for (let bh = 0; bh < B * NH; bh++) {
    const C = new Float64Array(DH * DH);
    const n = new Float64Array(DH);
    for (let t = 0; t < S; t++) {
      const g = bh * S + t;
      const i = Math.exp(I[g]!);
      const f = forget === 'sigmoid' ? sigma(F[g]!) : Math.exp(F[g]!);
      const base = g * DH;
      for (let a = 0; a < DH; a++) {
        const ka = K[base + a]! / Math.sqrt(DH);
        n[a] = f * n[a]! + i * ka;
        for (let c = 0; c < DH; c++) C[a * DH + c] = f * C[a * DH + c]! + i * ka * V[base + c]!;
      }
      let qn = 0;
      for (let a = 0; a < DH; a++) qn += Q[base + a]! * n[a]!;
      const denom = Math.max(Math.abs(qn), 1);
      for (let c = 0; c < DH; c++) {
        let s = 0;
        for (let a = 0; a < DH; a++) s += Q[base + a]! * C[a * DH + c]!;
        h[base + c] = s / denom;
      }
    }
    finalC.set(C, bh * DH * DH);
    finalN.set(n, bh * DH);
  }
  return { h, C: finalC, n: finalN };
}

/**
 * sLSTM, Beck et al. 2024 eqs. 8–14: raw = W x + R y + b ([i|f|z|o]), c = f c + i z, n = f n + i,
 * y = o c / n, i = exp(ĩ), f = σ(f̃) or exp(f̃), z = tanh, o = σ; zero start. x [B, S, I], W [4H, I],
 * R [4H, H], b [4H] -> y [B, S, H] (flat) and the final unscaled c, n.
 */
export function paperSlstm(
  x: Tensor,
  W: Tensor,
  R: Tensor,
  b: Tensor,
  forget: 'sigmoid' | 'exp' = 'sigmoid',
) {
  const [B, S, I] = x.shape as [number, number, number];
  const H = b.shape[0]! / 4;
  const [X, Wa, Ra, ba] = [x, W, R, b].map((t) => t.toArray());
  const y = new Float64Array(B * S * H);
  const finalC = new Float64Array(B * H);
  const finalN = new Float64Array(B * H);
  for (let bb = 0; bb < B; bb++) {
    const yPrev = new Float64Array(H);
    const c = new Float64Array(H);
    const n = new Float64Array(H);
    for (let t = 0; t < S; t++) {
      const raw = new Float64Array(4 * H);
      for (let r = 0; r < 4 * H; r++) {
        let s = ba[r]!;
        for (let j = 0; j < I; j++) s += Wa[r * I + j]! * X[(bb * S + t) * I + j]!;
        for (let j = 0; j < H; j++) s += Ra[r * H + j]! * yPrev[j]!;
        raw[r] = s;
      }
      for (let u = 0; u < H; u++) {
        const i = Math.exp(raw[u]!);
        const f = forget === 'sigmoid' ? sigma(raw[H + u]!) : Math.exp(raw[H + u]!);
        c[u] = f * c[u]! + i * Math.tanh(raw[2 * H + u]!);
        n[u] = f * n[u]! + i;
        yPrev[u] = (sigma(raw[3 * H + u]!) * c[u]!) / n[u]!;
        y[(bb * S + t) * H + u] = yPrev[u]!;
      }
    }
    finalC.set(c, bb * H);
    finalN.set(n, bb * H);
  }
  return { y, c: finalC, n: finalN };
}
