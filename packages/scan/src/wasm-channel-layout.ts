// Where the channels of a [.., D] row go in the wasm kernels' memory: four channels per v128
// ("a quad"), each B/C group padded to a whole number of quads so that the lanes of a quad share
// one group (wasm-kernel-selective-forward.ts). Padding channels hold zeros in every input, which
// keeps them at exactly zero through the scans (u = 0 feeds nothing into h, ḡ = 0 nothing into
// the gradients), and are dropped on the way out.
//
// Glossary: D channels, G groups of D/G channels, Pg = the group's channels rounded up to 4,
// Dp = G·Pg padded channels, Q = Dp/4 quads; channel d = g·(D/G) + i sits at p = g·Pg + i.
//   rows      [R, D] ↔ [R, Dp]                 (δ, u, z, out and their gradients)
//   per-quad  [D, N] ↔ [Q][N][4]  (lane = p mod 4; A, states, ∂A)

export interface ChannelLayout {
  D: number;
  G: number;
  /** D/G */
  perGroup: number;
  /** the group's channels rounded up to a multiple of 4 */
  Pg: number;
  /** G·Pg */
  Dp: number;
  /** Dp/4 */
  Q: number;
}

export function channelLayout(D: number, G: number): ChannelLayout {
  const perGroup = D / G;
  const Pg = Math.ceil(perGroup / 4) * 4;
  return { D, G, perGroup, Pg, Dp: G * Pg, Q: (G * Pg) / 4 };
}

/** Whether rows need no padding (the layouts coincide). */
function dense(l: ChannelLayout): boolean {
  return l.Pg === l.perGroup;
}

/** src rows [R, D] from element `from` -> dst rows [R, Dp] at element `at` (zero padding). */
export function packRows(
  src: ArrayLike<number>,
  from: number,
  R: number,
  l: ChannelLayout,
  dst: Float32Array,
  at: number,
): void {
  if (dense(l) && (src instanceof Float32Array || src instanceof Float64Array)) {
    dst.set(src.subarray(from, from + R * l.D), at);
    return;
  }
  dst.fill(0, at, at + R * l.Dp);
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < l.G; g++) {
      const s = from + r * l.D + g * l.perGroup;
      const o = at + r * l.Dp + g * l.Pg;
      if (src instanceof Float32Array || src instanceof Float64Array) {
        dst.set(src.subarray(s, s + l.perGroup), o);
      } else {
        for (let i = 0; i < l.perGroup; i++) dst[o + i] = src[s + i]!;
      }
    }
  }
}

/** src rows [R, Dp] at element `at` -> dst rows [R, D] from element `from` (+= when `add`). */
export function unpackRows(
  src: Float32Array,
  at: number,
  R: number,
  l: ChannelLayout,
  dst: Float32Array | Float64Array,
  from: number,
  add = false,
): void {
  if (dense(l) && !add) {
    dst.set(src.subarray(at, at + R * l.D), from);
    return;
  }
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < l.G; g++) {
      const o = from + r * l.D + g * l.perGroup;
      const s = at + r * l.Dp + g * l.Pg;
      if (add) for (let i = 0; i < l.perGroup; i++) dst[o + i]! += src[s + i]!;
      else dst.set(src.subarray(s, s + l.perGroup), o);
    }
  }
}

/** The padded position of channel d. */
export function paddedChannel(l: ChannelLayout, d: number): number {
  const g = Math.floor(d / l.perGroup);
  return g * l.Pg + (d - g * l.perGroup);
}

/** src [D, N] from element `from` -> dst [Q][N][4] at element `at` (zero padding). */
export function packPerQuad(
  src: ArrayLike<number>,
  from: number,
  N: number,
  l: ChannelLayout,
  dst: Float32Array,
  at: number,
): void {
  dst.fill(0, at, at + l.Dp * N);
  for (let d = 0; d < l.D; d++) {
    const p = paddedChannel(l, d);
    const o = at + (p >> 2) * N * 4 + (p & 3);
    for (let n = 0; n < N; n++) dst[o + 4 * n] = src[from + d * N + n]!;
  }
}

/** src [Q][N][4] at element `at` -> dst [D, N] from element `from` (+= when `add`). */
export function unpackPerQuad(
  src: Float32Array,
  at: number,
  N: number,
  l: ChannelLayout,
  dst: Float32Array | Float64Array,
  from: number,
  add = false,
): void {
  for (let d = 0; d < l.D; d++) {
    const p = paddedChannel(l, d);
    const s = at + (p >> 2) * N * 4 + (p & 3);
    for (let n = 0; n < N; n++) {
      if (add) dst[from + d * N + n]! += src[s + 4 * n]!;
      else dst[from + d * N + n] = src[s + 4 * n]!;
    }
  }
}

/** Byte offset, inside a B/C row of G·N floats, of the group of each quad: [Q] i32. */
export function groupOffsets(l: ChannelLayout, N: number): Int32Array {
  const out = new Int32Array(l.Q);
  const quadsPerGroup = l.Pg / 4;
  for (let q = 0; q < l.Q; q++) out[q] = Math.floor(q / quadsPerGroup) * N * 4;
  return out;
}
