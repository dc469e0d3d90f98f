// Random inputs of the benchmarks (seeded, Mamba-like magnitudes: Δ ≈ softplus(−2 ± 1), A < 0).

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function randArray(r: () => number, n: number, scale = 1, offset = 0): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = offset + scale * (2 * r() - 1);
  return a;
}

export interface SelectiveArrays {
  B: number;
  L: number;
  D: number;
  N: number;
  u: Float32Array;
  delta: Float32Array;
  A: Float32Array;
  Bm: Float32Array;
  Cm: Float32Array;
  Dv: Float32Array;
  z: Float32Array;
  bias: Float32Array;
}

export function selectiveArrays(B: number, L: number, D: number, N: number, seed = 1): SelectiveArrays {
  const r = rng(seed);
  return {
    B,
    L,
    D,
    N,
    u: randArray(r, B * L * D),
    delta: randArray(r, B * L * D, 1, -2),
    A: randArray(r, D * N, 0.45, -0.55),
    Bm: randArray(r, B * L * N),
    Cm: randArray(r, B * L * N),
    Dv: randArray(r, D),
    z: randArray(r, B * L * D),
    bias: randArray(r, D, 0.5),
  };
}

/** The scanner inputs of `x` (softplus step with bias, gate, skip). */
export function selectiveInputs(x: SelectiveArrays) {
  const { B, L, D, N } = x;
  return {
    u: { data: x.u, shape: [B, L, D] },
    delta: { data: x.delta, shape: [B, L, D] },
    A: { data: x.A, shape: [D, N] },
    B: { data: x.Bm, shape: [B, L, N] },
    C: { data: x.Cm, shape: [B, L, N] },
    D: { data: x.Dv, shape: [D] },
    z: { data: x.z, shape: [B, L, D] },
    deltaBias: { data: x.bias, shape: [D] },
    deltaSoftplus: true,
  };
}

/** Bytes a fused selective scan must move at least: u, δ, z read, out written, B and C read, small vectors. */
export function selectiveBytes(B: number, L: number, D: number, N: number): number {
  return 4 * (4 * B * L * D + 2 * B * L * N + D * N + 2 * D + B * D * N);
}

/** Floating-point operations: per (b, t, d, n) one exp and 5 flops; per (b, t, d) softplus, silu and 6 flops. */
export function selectiveFlops(B: number, L: number, D: number, N: number): { flops: number; exps: number } {
  return { flops: B * L * D * (5 * N + 6), exps: B * L * D * (N + 3) };
}
