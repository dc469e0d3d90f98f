// Random selective-scan inputs with every option, as host tensors: what the webgpu-wgsl host
// tests (on the in-memory device of test/fake-gpu.ts) feed the scanner.
import { rand, rng } from './helpers';

/** u, δ, z [B, L, D], A [D, N], B, C [B, L, G, N], D, bias [D], h0 [B, D, N], softplus on. */
export function wgslInputs(B: number, L: number, D: number, N: number, G: number, seed: number) {
  const r = rng(seed);
  return {
    u: { data: rand(r, B * L * D), shape: [B, L, D] },
    delta: { data: rand(r, B * L * D), shape: [B, L, D] },
    A: { data: rand(r, D * N), shape: [D, N] },
    B: { data: rand(r, B * L * G * N), shape: [B, L, G, N] },
    C: { data: rand(r, B * L * G * N), shape: [B, L, G, N] },
    D: { data: rand(r, D), shape: [D] },
    z: { data: rand(r, B * L * D), shape: [B, L, D] },
    deltaBias: { data: rand(r, D), shape: [D] },
    h0: { data: rand(r, B * D * N), shape: [B, D, N] },
    deltaSoftplus: true,
  };
}
