// The first-order linear recurrence as one WGSL compute shader, forward or as its adjoint.
//
// Glossary: a, b, h, gh [B, L, D]; h0 [B, D].
//   forward   h_t = a_t h_{t−1} + b_t  (h_{−1} = h0, or 0)
//   adjoint   of Σ h ⊙ gh: g_t = gh_t + a_{t+1} g_{t+1} (g_L = 0), a scan in reverse time whose
//             coefficient at t is a_{t+1}; then ∂b_t = g_t, ∂a_t = g_t h_{t−1}, ∂h0 = a_0 g_0.
// Steps past the sequence (the last tile's padding) get coefficient 1 and input 0, the identity.
// Thread layout as the selective forward (wgsl-tile.ts, NB = 1): workgroup (CH channels, batch
// row b), thread (c, s) walks K steps of every time tile of S·K steps; segment aggregates
// (Πa, end value from zero) are combined through workgroup memory with the channel's carry,
// double-buffered by tile parity, so one barrier per tile. In the adjoint the scan index
// τ = L − 1 − t runs backward in time.
import { unroll } from './wgsl-functions';
import type { ScanTile } from './wgsl-tile';

export interface LinearSpec {
  tile: ScanTile;
  reverse: boolean;
  hasH0: boolean;
}

/** Uniform words: L, D, time tiles, unused. */
export const LINEAR_DIMS_WORDS = 4;

export function linearKey(x: LinearSpec): string {
  const t = x.tile;
  return `ls:${t.channels}x${t.segments}x${t.steps}:${x.reverse ? 'r' : 'f'}${x.hasH0 ? 1 : 0}`;
}

/**
 * Forward bindings: 0 dims, 1 a, 2 b, 3 h (out), 4 h0 (when given).
 * Adjoint bindings: 0 dims, 1 a, 2 gh, 3 ∂b (out), 4 h0 (when given), 5 h (the forward's),
 * 6 ∂a (out), 7 ∂h0 (out, when h0 is given). Dispatch: (ceil(D / CH), B).
 */
export function linearSource(x: LinearSpec): string {
  const { channels: CH, segments: S, steps: K } = x.tile;
  const R = x.reverse;
  const coef = (k: number) =>
    R
      ? `select(1.0, select(0.0, a[(bi * dims.L + min(t_${k} + 1u, dims.L - 1u)) * dims.D + d], t_${k} + 1u < dims.L), ok_${k})`
      : `select(1.0, a[i_${k}], ok_${k})`;
  const input = R ? 'gh' : 'b';
  const bindings = R
    ? `@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> gh: array<f32>;
@group(0) @binding(3) var<storage, read_write> hout: array<f32>;
${x.hasH0 ? '@group(0) @binding(4) var<storage, read> h0: array<f32>;' : ''}
@group(0) @binding(5) var<storage, read> hf: array<f32>;
@group(0) @binding(6) var<storage, read_write> ga: array<f32>;
${x.hasH0 ? '@group(0) @binding(7) var<storage, read_write> gh0: array<f32>;' : ''}`
    : `@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> hout: array<f32>;
${x.hasH0 ? '@group(0) @binding(4) var<storage, read> h0: array<f32>;' : ''}`;
  // the adjoint's ∂a_t = g_t · h_{t−1}, with h_{−1} = h0 (or 0)
  const prevH = (k: number) =>
    `select(${x.hasH0 ? 'h0[bi * dims.D + d]' : '0.0'}, hf[(bi * dims.L + max(t_${k}, 1u) - 1u) * dims.D + d], t_${k} > 0u)`;
  return `
const CH: u32 = ${CH}u;
const S: u32 = ${S}u;
const K: u32 = ${K}u;
const SK: u32 = ${S * K}u;

struct Dims { L: u32, D: u32, tiles: u32, unused: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
${bindings}

// segment aggregates [parity][s][c] and carries [parity][c]
var<workgroup> sDecay: array<f32, 2u * S * CH>;
var<workgroup> sEnd: array<f32, 2u * S * CH>;
var<workgroup> sCarry: array<f32, 2u * CH>;

@compute @workgroup_size(${CH * S})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  let c = li % CH;
  let s = li / CH;
  let bi = wg.y;
  let d0 = wg.x * CH;
  let live = d0 + c < dims.D;
  let d = min(d0 + c, dims.D - 1u);
  if (s == 0u) {
    sCarry[c] = ${!R && x.hasH0 ? 'h0[bi * dims.D + d]' : '0.0'};
  }
  for (var ti = 0u; ti < dims.tiles; ti++) {
    let par = ti & 1u;
    let tau0 = ti * SK + s * K;
${unroll(
  K,
  (k) => `    let ok_${k} = tau0 + ${k}u < dims.L;
    let t_${k} = ${R ? `dims.L - 1u - min(tau0 + ${k}u, dims.L - 1u)` : `min(tau0 + ${k}u, dims.L - 1u)`};
    let i_${k} = (bi * dims.L + t_${k}) * dims.D + d;
    let e_${k} = ${coef(k)};
    let v_${k} = select(0.0, ${input}[i_${k}], ok_${k});`,
)}
    var pa = e_0;
    var pb = v_0;
${unroll(K - 1, (m) => `    pa = pa * e_${m + 1};\n    pb = e_${m + 1} * pb + v_${m + 1};`)}
    sDecay[(par * S + s) * CH + c] = pa;
    sEnd[(par * S + s) * CH + c] = pb;
    workgroupBarrier();
    var h = sCarry[par * CH + c];
    for (var r = 0u; r < s; r++) {
      let o = (par * S + r) * CH + c;
      h = sDecay[o] * h + sEnd[o];
    }
    if (s == S - 1u) {
      sCarry[(1u - par) * CH + c] = pa * h + pb;
    }
${unroll(
  K,
  (k) => `    h = e_${k} * h + v_${k};
    if (live && ok_${k}) {
      hout[i_${k}] = h;${R ? `\n      ga[i_${k}] = h * ${prevH(k)};` : ''}
    }`,
)}
  }
${
  R && x.hasH0
    ? `  workgroupBarrier();
  if (live && s == 0u) {
    gh0[bi * dims.D + d] = a[bi * dims.L * dims.D + d] * sCarry[(dims.tiles & 1u) * CH + c];
  }`
    : ''
}
}
`;
}
