// CPU reference of the Mamba selective scan (S6), sequential per channel: the numbers every
// gpu.js kernel is tested against, and the `cpu` backend of the scanner.
//
// Glossary (Gu & Dao 2023, Algorithm 2), library layout [B, L, D]:
//   u [B, L, D] input, δ [B, L, D] raw step, Δ = softplus(δ + bias) (or δ + bias) the step,
//   A [D, N] the diagonal state matrix, B, C [B, L, G, N] input/output projections (channel d
//   uses group g = d // (D/G)), D [D] skip, z [B, L, D] gate, h [B, D, N] state, h0 initial state.
//   Ā_t = exp(Δ_t A),  h_t = Ā_t ⊙ h_{t−1} + Δ_t B_t u_t,  y_t = C_t · h_t + D u_t,
//   out_t = y_t · silu(z_t).
// Reference: state-spaces/mamba `selective_scan_ref` (mamba_ssm/ops/selective_scan_interface.py)
// with return_last_state=True; softplus as torch.nn.functional.softplus (threshold 20). The
// backward pass is the adjoint of that loop (a reverse scan over the stored states of one channel).
import { allocFloat, type FloatArray, type ScanDType } from './float-array';
import type { SelectiveScanShape } from './scan-shapes';

export interface SelectiveScanArrays {
  /** u: [B, L, D] */
  u: ArrayLike<number>;
  /** δ: [B, L, D] */
  delta: ArrayLike<number>;
  /** A: [D, N] */
  A: ArrayLike<number>;
  /** B: [B, L, G, N] */
  B: ArrayLike<number>;
  /** C: [B, L, G, N] */
  C: ArrayLike<number>;
  /** D: [D] */
  D?: ArrayLike<number> | undefined;
  /** z: [B, L, D] */
  z?: ArrayLike<number> | undefined;
  /** bias added to δ: [D] */
  deltaBias?: ArrayLike<number> | undefined;
  /** Δ = softplus(δ + bias) when true, δ + bias otherwise. */
  deltaSoftplus?: boolean | undefined;
  /** h0: [B, D, N], zero when absent (mamba's reference has none; chunked callers need it). */
  h0?: ArrayLike<number> | undefined;
}

export interface SelectiveScanResult {
  /** out: [B, L, D] */
  out: FloatArray;
  /** last state h_{L−1}: [B, D, N] */
  lastState: FloatArray;
}

/** torch softplus (beta 1, threshold 20). */
export function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

/** d softplus / dx. */
export function softplusGrad(x: number): number {
  return x > 20 ? 1 : 1 / (1 + Math.exp(-x));
}

function stepOf(x: SelectiveScanArrays, i: number, d: number): number {
  const raw = x.delta[i]! + (x.deltaBias ? x.deltaBias[d]! : 0);
  return x.deltaSoftplus ? softplus(raw) : raw;
}

/** u, δ, z: [B, L, D], A: [D, N], B, C: [B, L, G, N], D, bias: [D], h0: [B, D, N] -> out: [B, L, D], lastState: [B, D, N]. */
export function selectiveScanReference(
  x: SelectiveScanArrays,
  s: SelectiveScanShape,
  dtype: ScanDType,
): SelectiveScanResult {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const out = allocFloat(dtype, Bn * L * D);
  const lastState = allocFloat(dtype, Bn * D * N);
  const h = new Float64Array(N);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const perGroup = D / G;
  for (let b = 0; b < Bn; b++) {
    for (let d = 0; d < D; d++) {
      const g = Math.floor(d / perGroup);
      for (let n = 0; n < N; n++) h[n] = x.h0 ? x.h0[(b * D + d) * N + n]! : 0;
      for (let t = 0; t < L; t++) {
        const i = (b * L + t) * D + d;
        const dt = stepOf(x, i, d);
        const du = dt * x.u[i]!;
        const bc = ((b * L + t) * G + g) * N;
        let acc = 0;
        for (let n = 0; n < N; n++) {
          const hn = round(Math.exp(dt * x.A[d * N + n]!) * h[n]! + du * x.B[bc + n]!);
          h[n] = hn;
          acc += hn * x.C[bc + n]!;
        }
        const y = acc + (x.D ? x.D[d]! * x.u[i]! : 0);
        if (x.z) {
          const zz = x.z[i]!;
          out[i] = (y * zz) / (1 + Math.exp(-zz));
        } else out[i] = y;
      }
      for (let n = 0; n < N; n++) lastState[(b * D + d) * N + n] = h[n]!;
    }
  }
  return { out, lastState };
}

export interface SelectiveScanCotangents {
  /** ḡ of out: [B, L, D] */
  gOut: ArrayLike<number>;
  /** ḡ of the last state: [B, D, N], zero when absent */
  gLastState?: ArrayLike<number> | undefined;
}

export interface SelectiveScanGrads {
  u: FloatArray;
  /** ∂δ (the raw step, before bias and softplus): [B, L, D] */
  delta: FloatArray;
  A: FloatArray;
  B: FloatArray;
  C: FloatArray;
  D: FloatArray;
  z: FloatArray;
  deltaBias: FloatArray;
  h0: FloatArray;
}

/** The gradients of Σ out ⊙ ḡ_out + Σ lastState ⊙ ḡ_last with respect to every input. */
export function selectiveScanBackwardReference(
  x: SelectiveScanArrays,
  g: SelectiveScanCotangents,
  s: SelectiveScanShape,
  dtype: ScanDType,
): SelectiveScanGrads {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const gu = allocFloat(dtype, Bn * L * D);
  const gdelta = allocFloat(dtype, Bn * L * D);
  const gz = allocFloat(dtype, Bn * L * D);
  const gB = new Float64Array(Bn * L * G * N);
  const gC = new Float64Array(Bn * L * G * N);
  const gA = new Float64Array(D * N);
  const gD = new Float64Array(D);
  const gBias = new Float64Array(D);
  const gh0 = allocFloat(dtype, Bn * D * N);
  const hs = new Float64Array((L + 1) * N);
  const gh = new Float64Array(N);
  const e = new Float64Array(N);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const perGroup = D / G;
  for (let b = 0; b < Bn; b++) {
    for (let d = 0; d < D; d++) {
      const grp = Math.floor(d / perGroup);
      for (let n = 0; n < N; n++) hs[n] = x.h0 ? x.h0[(b * D + d) * N + n]! : 0;
      for (let t = 0; t < L; t++) {
        const i = (b * L + t) * D + d;
        const dt = stepOf(x, i, d);
        const du = dt * x.u[i]!;
        const bc = ((b * L + t) * G + grp) * N;
        for (let n = 0; n < N; n++) {
          hs[(t + 1) * N + n] = round(Math.exp(dt * x.A[d * N + n]!) * hs[t * N + n]! + du * x.B[bc + n]!);
        }
      }
      for (let n = 0; n < N; n++) gh[n] = g.gLastState ? g.gLastState[(b * D + d) * N + n]! : 0;
      const skip = x.D ? x.D[d]! : 0;
      for (let t = L - 1; t >= 0; t--) {
        const i = (b * L + t) * D + d;
        const raw = x.delta[i]! + (x.deltaBias ? x.deltaBias[d]! : 0);
        const dt = x.deltaSoftplus ? softplus(raw) : raw;
        const uu = x.u[i]!;
        const bc = ((b * L + t) * G + grp) * N;
        let gy = g.gOut[i]!;
        if (x.z) {
          let y = skip * uu;
          for (let n = 0; n < N; n++) y += x.C[bc + n]! * hs[(t + 1) * N + n]!;
          const zz = x.z[i]!;
          const sg = 1 / (1 + Math.exp(-zz));
          gz[i] = gy * y * sg * (1 + zz * (1 - sg));
          gy *= zz * sg;
        }
        gD[d] += gy * uu;
        let gui = gy * skip;
        let gdt = 0;
        for (let n = 0; n < N; n++) {
          const ht = hs[(t + 1) * N + n]!;
          const hp = hs[t * N + n]!;
          const an = x.A[d * N + n]!;
          e[n] = Math.exp(dt * an);
          gh[n] += gy * x.C[bc + n]!;
          gC[bc + n] += gy * ht;
          gdt += gh[n]! * (an * e[n]! * hp + x.B[bc + n]! * uu);
          gA[d * N + n] += gh[n]! * dt * e[n]! * hp;
          gB[bc + n] += gh[n]! * dt * uu;
          gui += gh[n]! * dt * x.B[bc + n]!;
          gh[n] = gh[n]! * e[n]!;
        }
        const graw = x.deltaSoftplus ? gdt * softplusGrad(raw) : gdt;
        gdelta[i] = graw;
        gBias[d] += graw;
        gu[i] = gui;
      }
      for (let n = 0; n < N; n++) gh0[(b * D + d) * N + n] = gh[n]!;
    }
  }
  const cast = (src: Float64Array): FloatArray => {
    const outArr = allocFloat(dtype, src.length);
    outArr.set(src);
    return outArr;
  };
  return {
    u: gu,
    delta: gdelta,
    A: cast(gA),
    B: cast(gB),
    C: cast(gC),
    D: cast(gD),
    z: gz,
    deltaBias: cast(gBias),
    h0: gh0,
  };
}
