// The fused selective-scan forward (S6) as one WGSL compute shader: every input read once, every
// output written once, one exp per (t, d, n) (and one per segment and state for its decay), the
// [B, L, D, N] states never stored.
//
// Glossary (Gu & Dao 2023, Algorithm 2; library layout):
//   u, δ, z, y [B, L, D]; Δ = softplus(δ + bias) (or δ + bias); A [D, N]; B, C [B, L, G, N];
//   D (skip) [D]; h [B, D, N].  ā_t = exp(Δ_t A) = exp2(Δ_t · A·log2 e),  b̄_t = Δ_t u_t B_t,
//   h_t = ā_t ⊙ h_{t−1} + b̄_t,  y_t = C_t · h_t + D u_t,  out_t = y_t · silu(z_t).
// Thread layout (wgsl-tile.ts): workgroup (tile of CH channels, batch row b); thread (c, s)
// owns channel d0 + c and steps s·K … s·K + K − 1 of every time tile of S·K steps. States go
// in blocks of W = NB (1, 2 or 4) as one f32/vec2/vec4 value. Per time tile:
//   stage the tile's B_t, C_t rows in workgroup memory (shared by all CH channels; loaded during
//   the previous tile); take the thread's K steps of δ, u, z (also loaded a tile ahead: latency
//   hidden) and issue the loads of the next tile; then for each block of W states
//   1. ā_k, b̄_k for k < K (registers) and the segment aggregate (Πā = exp2(A·log2 e · ΣΔ_k),
//      one exp instead of K − 1 products; end state from zero);
//   2. barrier; the start state of the segment = the channel's carry composed with the
//      aggregates of segments 0 … s−1 (the combine of h ↦ a·h + b is (a₁,b₁)∘(a₂,b₂) =
//      (a₁a₂, a₂b₁ + b₂)); segment S−1 writes the carry of the next tile;
//   3. re-walk the K steps from that start, y_k += C_k[block] · h_k;
//   then gate and store y. Aggregates and carries are double-buffered by parity, so a block
//   needs one barrier and a slow thread never reads a value a fast one replaced; staged rows
//   are double-buffered by tile, so a tile adds one barrier (after staging) or none (direct).
// Options measured on the H100 (wgsl-tile.ts, bench/results/wgsl-notes.md): `reload` (b̄
// recomputed in the re-walk), `split` (the states of a channel split over H threads, part 0
// summing y through workgroup memory), `yLanes` (y summed per lane), `polyExp` / `polyAct` (exps
// from a polynomial exp2 on the FMA pipe, wgsl-functions.ts), `subgroup` (step 2 by subgroup
// shuffles, no aggregate memory, one barrier per tile; a subgroup holds SG/S channels × S
// segments), `laneLayout` (that layout with the barrier combine): none beat the default.
// Why this shape of code: WebGPU implementations clamp every dynamic array index (robustness);
// measured on the H100 that cost 5.8× in the first version of this kernel. Here each staged row
// is indexed once per step (the state block is a constant index into the row), A's row sits in
// registers, and every loop over k and over state blocks is unrolled by the generator.
// Matches state-spaces/mamba `selective_scan_fwd_kernel.cuh` in what it computes (states in
// registers, B/C shared per block, chunk carries), with the sequence split over threads by a
// workgroup scan instead of cub's BlockScan.

import { unroll, WGSL_POLY_EXP2_KEY, wgslActivations, wgslPolyExp2 } from './wgsl-functions';
import { selectiveBindingsWgsl } from './wgsl-selective-bindings';
import { type SelectiveOptions, selectiveOptionsKey } from './wgsl-selective-options';
import { laneWidth, type ScanTile, splitProblem } from './wgsl-tile';

export interface SelectiveForwardSpec extends SelectiveOptions {
  tile: ScanTile;
  /** B and C tiles staged in workgroup memory (every channel of a workgroup reads one group) */
  staged: boolean;
}

/** Uniform block `dims` of the kernel, in u32 words. */
export const SELECTIVE_DIMS_WORDS = 8;

/** Values of `dims`: L, D, G, D/G, time tiles, and offsets of D, bias and h0 inside `prm`. */
export function selectiveDims(
  L: number,
  D: number,
  G: number,
  tiles: number,
  offsets: { skip: number; bias: number; h0: number },
): Uint32Array {
  return Uint32Array.from([L, D, G, D / G, tiles, offsets.skip, offsets.bias, offsets.h0]);
}

/** A cache key naming everything that changes the shader text. */
export function selectiveForwardKey(x: SelectiveForwardSpec): string {
  const t = x.tile;
  const f = `${x.staged ? 1 : 0}${selectiveOptionsKey(x)}`;
  return `ssf:${t.channels}x${t.segments}x${t.steps}x${t.stateBlock}${t.reload ? 'r' : ''}${t.yLanes ? 'y' : ''}${t.polyExp ? `p${t.polyExp}` : ''}${t.polyAct ? 'a' : ''}${t.subgroup ? `g${t.subgroup}${t.subgroupLog ? 'l' : ''}` : ''}${t.laneLayout ? `w${t.laneLayout}` : ''}h${t.split ?? 1}:n${x.state}:${f}`;
}

/** The WGSL type of a block of `w` floats, and a constructor from `w` scalar expressions. */
function vecType(w: number): string {
  return w === 1 ? 'f32' : `vec${w}<f32>`;
}

function vecOf(w: number, parts: string[]): string {
  return w === 1 ? parts[0]! : `${vecType(w)}(${parts.join(', ')})`;
}

/** The dot product of two blocks (a plain product for W = 1). */
function dotOf(w: number, a: string, b: string): string {
  return w === 1 ? `${a} * ${b}` : `dot(${a}, ${b})`;
}

/**
 * The staging of B and C rows, unrolled, as two pieces of code: `init` (before the tile loop)
 * fixes each thread's share of a tile's rows and loads it for tile 0; `step` (in the loop)
 * stores the share of this tile, loaded one tile earlier, and issues the loads of the next, so
 * that the staging barrier never waits for a global-memory round trip.
 */
function stagingCode(threads: number, S: number, K: number, NQ: number): { init: string; step: string } {
  const total = S * K * NQ;
  const per = Math.ceil(total / threads);
  const exact = total % threads === 0;
  const at = (m: number, t: string) =>
    `((b * dims.L + min(${t} + sr_${m}, dims.L - 1u)) * dims.G + g0) * NQ + sq_${m}`;
  // time row tr = s·K + k is stored at row k·S + s: the S segments of a warp read S adjacent
  // rows, which the one-block padding of each row puts in different banks
  const init = unroll(
    per,
    (m) => `  let sx_${m} = min(li + ${m * threads}u, ${total - 1}u);
  let sr_${m} = sx_${m} / NQ;
  let sq_${m} = sx_${m} % NQ;
  let srow_${m} = (sr_${m} % K) * S + sr_${m} / K;
  var nb_${m} = Bv[${at(m, '0u')}];
  var nc_${m} = Cv[${at(m, '0u')}];`,
  );
  const step = unroll(
    per,
    (m) => `    ${exact ? '' : `if (li + ${m * threads}u < ${total}u) `}{
      sBC[rowBase + srow_${m}][sq_${m}] = nb_${m};
      sBC[rowBase + srow_${m}][NQ + sq_${m}] = nc_${m};
    }
    {
      let so = ${at(m, 't0 + SK')};
      nb_${m} = Bv[so];
      nc_${m} = Cv[so];
    }`,
  );
  return { init, step };
}

/**
 * Bindings: 0 dims (uniform), 1 u, 2 δ, 3 B, 4 C (as W-float blocks), 5 prm = A [D·N] | D [D] |
 * bias [D] | h0 [B·D·N] (what is given), 6 out, 7 last state, 8 z (when given): at most 8
 * storage buffers. Dispatch: (ceil(D / CH), B).
 */
export function selectiveForwardSource(x: SelectiveForwardSpec): string {
  const { channels: CH, segments: S, steps: K, stateBlock: NB } = x.tile;
  const H = x.tile.split ?? 1;
  const N = x.state;
  const problem = splitProblem(N, NB, H);
  if (problem) throw new RangeError(problem);
  // W floats per vector block, G2 blocks per barrier group, NQ blocks in all, NQh per thread
  // (thread part hh owns blocks hh·NQh … hh·NQh + NQh − 1)
  const W = Math.min(NB, 4);
  const G2 = NB / W;
  const NQ = N / W;
  const NQh = NQ / H;
  // the global block of a thread's local block ql
  const qg = (ql: number) => (H === 1 ? `${ql}u` : `qb + ${ql}u`);
  const V = vecType(W);
  const lanes = (base: string) => Array.from({ length: W }, (_, i) => `${base} + ${i}u`);
  const bRow = (k: number, q: number) => (x.staged ? `sBC[r_${k}][${qg(q)}]` : `Bv[rowBC_${k} + ${qg(q)}]`);
  // staged: the rows of tile ti live in half ti & 1 of sBC, so the staging of tile ti + 1 never
  // overwrites rows a slow thread still reads (no barrier before the staging)
  const cRow = (k: number, q: number) =>
    x.staged ? `sBC[r_${k}][NQ + ${qg(q)}]` : `Cv[rowBC_${k} + ${qg(q)}]`;
  const delta = (k: number) => (x.softplus ? `softplus(dl_${k} + bias)` : `dl_${k} + bias`);
  // sAgg parity alternates from one barrier group to the next across tiles too (groups are
  // numbered ti·NG + grp): two uses of one half are always a barrier apart, so no barrier is
  // needed between tiles. With NG even the parity is the constant grp & 1.
  const NG = NQh / G2;
  const parity = (grp: number) => (NG % 2 === 0 ? `${grp & 1}u` : `((par + ${grp}u) & 1u)`);
  const agg = (p: string, j: number, seg: string) =>
    `sAgg[((${p} * ${G2}u + ${j}u) * ${H}u + hh) * ${S}u * CH + ${seg} * CH + c]`;
  const reload = x.tile.reload === true;
  // y_t accumulated per lane of the state blocks (one FMA per state, summed once per step)
  // instead of a dot product per block
  const yLanes = x.tile.yLanes === true && W === 4;
  // the first polyExp blocks of a thread take their per-step ā from exp2pv (FMA pipe), the
  // others (and every segment decay) from exp2 (MUFU)
  const polyBlocks = x.tile.polyExp ?? 0;
  const ex2 = (q: number) => (q < polyBlocks ? 'exp2pv' : 'exp2');
  const poly = polyBlocks > 0 || x.tile.polyAct === true;
  const staging = stagingCode(CH * S * H, S, K, NQ);
  // subgroup combine: SG lanes = CW channels × S segments, lane s·CW + channel
  // (laneLayout: the same lanes, combined through workgroup memory)
  const SG = x.tile.subgroup ?? 0;
  const LW = laneWidth(x.tile);
  const CW = LW / S;
  if (LW && (H !== 1 || LW % S !== 0 || (CH * S) % LW !== 0))
    throw new RangeError(`subgroup ${LW} does not fit ${CH} channels × ${S} segments (split ${H})`);
  // the start state of segment s: the carry composed with the aggregates of segments 0 … s−1
  // (a loop of s steps: an unrolled form with selects measured slower on the H100)
  const combine = (blocks: { j: number }[], p: string) => `      for (var r = 0u; r < s; r++) {
${blocks.map(({ j }) => `        let ag_${j} = ${agg(p, j, 'r')};\n        h_${j} = ag_${j}[0] * h_${j} + ag_${j}[1];`).join('\n')}
      }`;
  // the same start states by S − 1 shuffles of end states: after round r, the lanes of segments
  // 0 … r + 1 hold their true start (segment s takes the end of segment s − 1, CW lanes down)
  // or (subgroupLog) by an inclusive scan of the (decay, end) pairs over segments in log2(S)
  // rounds, applied to the carry, and the end states shifted one segment up
  const logCombine = (blocks: { j: number }[]) => {
    const rounds: string[] = [];
    for (let off = 1; off < S; off *= 2) {
      rounds.push(
        `      {\n${blocks
          .map(
            ({ j }) => `        let ua_${j} = subgroupShuffleUp(ca_${j}, ${off * CW}u);
        let ub_${j} = subgroupShuffleUp(cb_${j}, ${off * CW}u);
        cb_${j} = select(cb_${j}, ca_${j} * ub_${j} + cb_${j}, s >= ${off}u);
        ca_${j} = select(ca_${j}, ca_${j} * ua_${j}, s >= ${off}u);`,
          )
          .join('\n')}\n      }`,
      );
    }
    return `${blocks.map(({ j }) => `      var ca_${j} = pa_${j};\n      var cb_${j} = pb_${j};`).join('\n')}
${rounds.join('\n')}
${blocks.map(({ j }) => `      h_${j} = select(subgroupShuffleUp(ca_${j} * h_${j} + cb_${j}, ${CW}u), h_${j}, s == 0u);`).join('\n')}`;
  };
  const shuffleCombine = (blocks: { j: number }[]) =>
    x.tile.subgroupLog
      ? logCombine(blocks)
      : unroll(
          S - 1,
          (r) =>
            `      {\n${blocks
              .map(
                ({ j }) =>
                  `        let x_${j} = subgroupShuffleUp(pa_${j} * h_${j} + pb_${j}, ${CW}u);\n        h_${j} = select(h_${j}, x_${j}, s > ${r}u);`,
              )
              .join('\n')}\n      }`,
        );
  const group = (grp: number) => {
    const p = parity(grp);
    const blocks = Array.from({ length: G2 }, (_, j) => ({ j, q: grp * G2 + j }));
    // b̄ of the re-walk: kept from the aggregate pass, or (reload) recomputed from the row, so
    // that only ā stays in registers across the barrier
    const vOf = (j: number, q: number, k: number) => (reload ? `du_${k} * ${bRow(k, q)}` : `v_${j}_${k}`);
    return `    {
${blocks
  .map(
    ({
      j,
      q,
    }) => `${unroll(K, (k) => `      let e_${j}_${k} = ${ex2(q)}(dt_${k} * a2_${q});\n      let v_${j}_${k} = du_${k} * ${bRow(k, q)};`)}
      // the segment's decay Πā = exp2(a2 · ΣΔ): one exp instead of K − 1 products per state
      let pa_${j} = exp2(sdt * a2_${q});
      var pb_${j} = v_${j}_0;
${unroll(K - 1, (m) => `      pb_${j} = e_${j}_${m + 1} * pb_${j} + v_${j}_${m + 1};`)}
${SG ? '' : `      ${agg(p, j, 's')}[0] = pa_${j};\n      ${agg(p, j, 's')}[1] = pb_${j};`}`,
  )
  .join('\n')}
${SG ? '' : '      workgroupBarrier();\n'}${blocks.map(({ j, q }) => `      var h_${j} = sCarry[(par * NQ + ${qg(q)}) * CH + c];`).join('\n')}
${SG ? shuffleCombine(blocks) : combine(blocks, p)}
      if (s == S - 1u) {
${blocks.map(({ j, q }) => `        sCarry[((1u - par) * NQ + ${qg(q)}) * CH + c] = pa_${j} * h_${j} + pb_${j};`).join('\n')}
      }
${blocks
  .map(
    ({ j, q }) =>
      `${unroll(K, (k) => `      h_${j} = e_${j}_${k} * h_${j} + ${vOf(j, q, k)};\n      ${yLanes ? `yl_${k} = yl_${k} + ${cRow(k, q)} * h_${j};` : `y_${k} = y_${k} + ${dotOf(W, cRow(k, q), `h_${j}`)};`}`)}`,
  )
  .join('\n')}
    }`;
  };
  return `${SG ? 'enable subgroups;\n' : ''}
const CH: u32 = ${CH}u;
const S: u32 = ${S}u;
const K: u32 = ${K}u;
const SK: u32 = ${S * K}u;
const H: u32 = ${H}u;
const N: u32 = ${N}u;
const NQ: u32 = ${NQ}u;
const LOG2E: f32 = 1.4426950408889634;

${selectiveBindingsWgsl(V, x.hasZ)}

${x.staged ? `// the rows of two tiles [parity][row] (B blocks 0 … NQ−1, then C blocks, then one block of padding)\nvar<workgroup> sBC: array<array<${V}, ${2 * NQ + 1}>, ${2 * S * K}>;` : ''}
${
  SG
    ? ''
    : `// segment aggregates [parity][block of the group][part][s][c]: (decay Πā, end state from zero)
var<workgroup> sAgg: array<array<${V}, 2>, ${2 * G2 * H * S * CH}>;`
}${
  H > 1
    ? `\n// y of parts 1 … H−1 [part − 1][k][s][c], summed by part 0
var<workgroup> sY: array<f32, ${(H - 1) * K * S * CH}>;`
    : ''
}
// the state entering the current time tile, per channel [parity][block][c]
var<workgroup> sCarry: array<${V}, ${2 * NQ * CH}>;
${poly ? `${WGSL_POLY_EXP2_KEY}\n` : ''}${polyBlocks > 0 ? wgslPolyExp2('exp2pv', V, W === 1 ? 'u32' : `vec${W}<u32>`) : ''}${wgslActivations(x.tile.polyAct === true)}
@compute @workgroup_size(${CH * S * H})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
${poly ? '  // 0 whenever an exp2p runs (the tile loop runs only when tiles > 0)\n  exp2pKey = select(0u, 1u, dims.tiles == 0u);\n' : ''}  ${
    LW
      ? `// a subgroup holds ${CW} channels × S segments
  let c = (li / ${LW}u) * ${CW}u + li % ${CW}u;
  let s = (li % ${LW}u) / ${CW}u;`
      : 'let c = li % CH;\n  let s = (li / CH) % S;'
  }
  // the thread's part of the states (H parts of NQh blocks)
  let hh = li / (CH * S);
  let qb = hh * ${NQh}u;
  let b = wg.y;
  let d0 = wg.x * CH;
  let live = d0 + c < dims.D;
  // idle lanes of a partial tile run on channel D − 1 (barriers need every thread) and store nothing
  let d = min(d0 + c, dims.D - 1u);
  let g = d / dims.per;
  let g0 = min(d0, dims.D - 1u) / dims.per;
  let bias = ${x.hasBias ? 'prm[dims.oBias + d]' : '0.0'};
  // the skip term D·u goes into the y of part 0 only (part 0 sums the parts)
  let skip = ${x.hasD ? `${H > 1 ? 'select(0.0, prm[dims.oSkip + d], hh == 0u)' : 'prm[dims.oSkip + d]'}` : '0.0'};
${unroll(
  NQh,
  (q) =>
    `  let a2_${q} = ${vecOf(
      W,
      lanes(`d * N + (${qg(q)}) * ${W}u`).map((i) => `prm[${i}]`),
    )} * LOG2E;`,
)}
  for (var q = s + hh * S; q < NQ; q += S * H) {
    ${
      x.hasH0
        ? `let o = dims.oH0 + (b * dims.D + d) * N + q * ${W}u;\n    sCarry[q * CH + c] = ${vecOf(
            W,
            lanes('o').map((i) => `prm[${i}]`),
          )};`
        : `sCarry[q * CH + c] = ${V}(0.0);`
    }
  }
  // δ, u, z of the thread's steps in the next tile, loaded a tile ahead
${unroll(K, (k) => `  var nd_${k}: f32;\n  var nu_${k}: f32;${x.hasZ ? `\n  var nz_${k}: f32;` : ''}`)}
${unroll(
  K,
  (k) => `  {
    let i = (b * dims.L + min(s * K + ${k}u, dims.L - 1u)) * dims.D + d;
    nd_${k} = dl[i];
    nu_${k} = u[i];${x.hasZ ? `\n    nz_${k} = zg[i];` : ''}
  }`,
)}
${x.staged ? `  // this thread's share of the staged B/C rows, loaded a tile ahead\n${staging.init}` : ''}
  for (var ti = 0u; ti < dims.tiles; ti++) {
    let par = ti & 1u;
    let t0 = ti * SK;
${x.staged ? `    let rowBase = par * SK;\n${staging.step}` : ''}
${unroll(
  K,
  (k) => `    let t_${k} = t0 + s * K + ${k}u;
    let ok_${k} = t_${k} < dims.L;
    let i_${k} = (b * dims.L + min(t_${k}, dims.L - 1u)) * dims.D + d;
    ${x.staged ? `let r_${k} = rowBase + ${k}u * S + s;` : `let rowBC_${k} = ((b * dims.L + min(t_${k}, dims.L - 1u)) * dims.G + g) * NQ;`}
    let dl_${k} = nd_${k};
    let u_${k} = nu_${k};${x.hasZ ? `\n    let z_${k} = nz_${k};` : ''}`,
)}
    {
      // next tile's loads, in flight while this tile computes
      let tn = t0 + SK + s * K;
${unroll(
  K,
  (k) => `      let j_${k} = (b * dims.L + min(tn + ${k}u, dims.L - 1u)) * dims.D + d;
      nd_${k} = dl[j_${k}];
      nu_${k} = u[j_${k}];${x.hasZ ? `\n      nz_${k} = zg[j_${k}];` : ''}`,
)}
    }
${x.staged ? '    // the staged rows are in place\n    workgroupBarrier();' : SG ? '    // the carries of the last tile are in place\n    workgroupBarrier();' : ''}
    // steps past L get Δ = 0: ā = 1, b̄ = 0, the identity, so segments stay whole
${unroll(
  K,
  (k) => `    let dt_${k} = select(0.0, ${delta(k)}, ok_${k});
    let du_${k} = dt_${k} * u_${k};
    var y_${k} = skip * u_${k};${yLanes ? `\n    var yl_${k} = ${V}(0.0);` : ''}`,
)}
    let sdt = ${Array.from({ length: K }, (_, k) => `dt_${k}`).join(' + ')};
${unroll(NG, group)}${
  yLanes
    ? `\n${unroll(K, (k) => `    y_${k} = y_${k} + (yl_${k}[0] + yl_${k}[1]) + (yl_${k}[2] + yl_${k}[3]);`)}`
    : ''
}
${
  H > 1
    ? `    // part 0 adds the y of the other parts
    if (hh > 0u) {
${unroll(K, (k) => `      sY[((hh - 1u) * K + ${k}u) * S * CH + s * CH + c] = y_${k};`)}
    }
    workgroupBarrier();
    if (hh == 0u) {
      for (var o = 0u; o + 1u < H; o++) {
${unroll(K, (k) => `        y_${k} = y_${k} + sY[(o * K + ${k}u) * S * CH + s * CH + c];`)}
      }
    }`
    : ''
}
${unroll(
  K,
  (k) => `    if (live && ok_${k}${H > 1 ? ' && hh == 0u' : ''}) {
      outp[i_${k}] = ${x.hasZ ? `y_${k} * silu(z_${k})` : `y_${k}`};
    }`,
)}
  }
  workgroupBarrier();
  let fin = dims.tiles & 1u;
  if (live) {
    for (var q = s + hh * S; q < NQ; q += S * H) {
      let h = sCarry[(fin * NQ + q) * CH + c];
      let o = (b * dims.D + d) * N + q * ${W}u;
${unroll(W, (i) => `      last[o + ${i}u] = ${W === 1 ? 'h' : `h[${i}]`};`)}
    }
  }
}
`;
}
