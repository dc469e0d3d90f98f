// The selective scan's backward pass (S6) in WGSL: a reverse scan with recomputation, made
// parallel over time by spans whose carries are composed first.
//
// Glossary (as in kernel-source-selective-backward.ts; library layout [B, L, D], B, C [B, L, G, N]):
//   Δ_t = softplus(δ_t + bias) (or δ_t + bias),  ā_t = exp(Δ_t A) = exp2(Δ_t · A·log2 e),
//   h_t = ā_t ⊙ h_{t−1} + Δ_t u_t B_t,  y_t = C_t · h_t + D u_t,  out_t = y_t · silu(z_t);
//   gy_t = ∂loss/∂y_t = ḡ_out · silu(z_t) (computed before, wgsl-kernel-selective-grad-sums.ts),
//   ğ_t = ∂loss/∂h_t = C_t gy_t + κ_t,  κ_t = ā_{t+1} ⊙ ğ_{t+1} (the carry; κ_{L−1} = ḡ_last),
//   x_t = ā_t ⊙ h_{t−1}:  ∂u_t = D gy_t + Δ_t Σ_n ğ_t B_t,  ∂Δ_t = Σ_n ğ_t (A x_t) + u_t Σ_n ğ_t B_t,
//   ∂δ_t = ∂Δ_t σ(δ_t + bias) under softplus,  ∂A += Δ_t ğ_t x_t,  ∂D += gy_t u_t,
//   ∂B_t = Σ_{d∈g} Δ_t u_t ğ_t,  ∂C_t = Σ_{d∈g} gy_t h_t,  ∂h0 = ā_0 ğ_0 (the carry before t = 0),
//   y_t itself (before the gate) for ∂z = ḡ_out y_t σ(z)(1 + z(1 − σ(z))).
//
// Time is cut into spans of TS steps (span s: steps s·TS … s·TS + TS − 1), and a span into
// chunks of T steps, the states a thread keeps in registers. One thread per (b, span, d), with
// all N states of its channel (in the reverse, optionally Q lanes per channel, N/Q states each:
// tile option `lanes`); workgroups of CH channels of one group g and one span:
//   1. span aggregates (selectiveSpanSource): each span walked forward from the zero state (its
//      end state e_s) and backward from the zero carry (its carry out r_s = ā_{s·TS} ⊙ ğ_{s·TS}),
//      and ΣΔ_s. Both maps are affine with the decay Π ā = exp2(A·log2 e·ΣΔ_s):
//      h_end = Πā ⊙ h_start + e_s,  κ_out = r_s + Πā ⊙ κ_in;
//   2. span carries (selectiveSpanCarriesSource, one thread per (b, d, n), sequential over the
//      spans): every span's start state and end carry in place of e_s and r_s; the carry out of
//      span 0 is ∂h0;
//   3. the reverse (selectiveReverseSource): each thread walks its span forward from the span's
//      start state, storing the state before each chunk (ckpt [B, L/T, D, N]), then the chunks from
//      last to first: re-walked forward from the checkpoint keeping the T states in registers
//      (unrolled), then backward from the carry, writing ∂u, ∂δ (and y before the gate over gy,
//      when z is given). The ∂B, ∂C parts of the CH channels of a workgroup are summed per step,
//      by a reduce-scatter of subgroup shuffles (tile option `subgroup`) or in workgroup memory
//      (one barrier per step, double-buffered), and written as one partial per workgroup
//      [B, L, G, NP, 2N]; ∂A, ∂D, ∂bias summed over a span go to per-(b, span) partials.
//      wgsl-kernel-selective-grad-sums.ts sums the partials.
// Per (t, d, n) five exps in all (two in the aggregates, three in the reverse), four when the
// reverse keeps a chunk's decays from its re-walk for its backward steps (tile option
// `keepDecays`, set by the rule with subgroup sums; run 45), for B·(L/TS)·D threads instead of
// B·D. The walks over a span take their loads a loop iteration of T steps ahead (tile option
// `prefetch`, wgsl-prefetched-walk.ts) and a chunk of the reverse issues all its loads before
// its work (`hoist`): the rule sets both (measured on the H100: −13 to −15 %;
// bench/results/wgsl-notes.md, runs 38–39).
// Everything but the [B, L, …] buffers lives in one storage buffer `w` (the 8-binding limit):
//   A | D | bias | h0 | ḡ_last | ΣΔ [B, S, D] | e → starts [B, S, D, N] | r → carries [B, S, D, N] |
//   ckpt | ∂B∂C partials | ∂A [B·S, D, N] | ∂D [B·S, D] | ∂bias [B·S, D] | ∂h0 [B, D, N].
// Matches state-spaces/mamba `selective_scan_bwd_kernel.cuh` in what it computes; mamba sums ∂B,
// ∂C over channels with float atomics, which WGSL lacks, hence the partials, and it splits L over
// the threads of a block (a block scan per state), where here spans split it across workgroups.

import { unroll, wgslActivations } from './wgsl-functions';
import { prefetchedWalk, type WalkLoad } from './wgsl-prefetched-walk';
import { type SelectiveOptions, selectiveOptionsKey } from './wgsl-selective-options';

/** Channels per workgroup CH, chunk T (steps kept in registers), span TS (a multiple of T). */
export interface BackwardTile {
  channels: number;
  steps: number;
  span: number;
  /**
   * SG: the ∂B, ∂C sums of a step by a reduce-scatter of subgroup shuffles over the CH·Q = SG
   * lanes of the workgroup's one subgroup (with one lane per channel SG must divide 2N) instead
   * of workgroup memory and a barrier per step; needs the `subgroups` feature with SG the
   * device's fixed subgroup size
   */
  subgroup?: number;
  /**
   * Q (default 1): the reverse with the states of a channel over Q lanes of the subgroup
   * (N/(Q·W) blocks each; needs `subgroup`, CH·Q = SG): Q times the threads at a Q-th of the
   * registers; the per-channel sums by log2 Q shuffle rounds
   */
  lanes?: number;
  /**
   * true: the span walks and the reverse's checkpoint walk take their loads a loop iteration of
   * T steps ahead (wgsl-prefetched-walk.ts) instead of each step loading as it starts
   */
  prefetch?: boolean;
  /**
   * true: a chunk of the reverse issues the loads of all its T steps (δ, u, ḡ, B, C rows) at its
   * start, before the re-walk, instead of each step loading as it runs
   */
  hoist?: boolean;
  /**
   * true: the reverse keeps the decays ā_t of a chunk's re-walk in registers (T·N/Q floats) for
   * its backward steps instead of computing each exp2 again (four exps per (t, d, n) in all)
   */
  keepDecays?: boolean;
}

export interface SelectiveBackwardSpec extends SelectiveOptions {
  tile: BackwardTile;
  hasGLast: boolean;
}

/** u32 words of the uniform `Dims` every backward kernel reads. */
export const BACKWARD_DIMS_WORDS = 24;

/** Offsets (floats) of the regions of the work buffer `w`, and its size. */
export interface BackwardLayout {
  skip: number;
  bias: number;
  h0: number;
  gLast: number;
  sum: number;
  start: number;
  carry: number;
  ckpt: number;
  part: number;
  gA: number;
  gD: number;
  gBias: number;
  gH0: number;
  floats: number;
}

interface Shape {
  batch: number;
  length: number;
  channels: number;
  state: number;
  groups: number;
}

/**
 * Workgroups per group NP = ⌈(D/G)/CH⌉ of the reverse, NPs = ⌈(D/G)/(CH·Q)⌉ of the span pass
 * (one thread per channel there, as many threads per workgroup), chunks ⌈L/T⌉, spans ⌈L/TS⌉.
 */
export function backwardCounts(
  L: number,
  D: number,
  G: number,
  tile: BackwardTile,
): { NP: number; NPs: number; chunks: number; spans: number } {
  return {
    NP: Math.ceil(D / G / tile.channels),
    NPs: Math.ceil(D / G / (tile.channels * (tile.lanes ?? 1))),
    chunks: Math.ceil(L / tile.steps),
    spans: Math.ceil(L / tile.span),
  };
}

/** The work buffer's regions (A first, at 0). */
export function backwardLayout(
  s: Shape,
  tile: BackwardTile,
  has: { D: boolean; bias: boolean; h0: boolean; gLast: boolean },
): BackwardLayout {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const { NP, chunks, spans } = backwardCounts(L, D, G, tile);
  let at = D * N;
  const take = (n: number) => {
    const o = at;
    at += n;
    return o;
  };
  const BS = Bn * spans;
  const skip = take(has.D ? D : 0);
  const bias = take(has.bias ? D : 0);
  const h0 = take(has.h0 ? Bn * D * N : 0);
  const gLast = take(has.gLast ? Bn * D * N : 0);
  const sum = take(BS * D);
  const start = take(BS * D * N);
  const carry = take(BS * D * N);
  const ckpt = take(Bn * chunks * D * N);
  const part = take(Bn * L * G * NP * 2 * N);
  const gA = take(BS * D * N);
  const gD = take(BS * D);
  const gBias = take(BS * D);
  const gH0 = take(Bn * D * N);
  return { skip, bias, h0, gLast, sum, start, carry, ckpt, part, gA, gD, gBias, gH0, floats: at };
}

/** The uniform words, in BACKWARD_DIMS_WGSL's order; `gridX` is the flat grid width of the ∂B∂C sums. */
export function backwardDims(s: Shape, tile: BackwardTile, o: BackwardLayout, gridX: number): Uint32Array {
  const { NP, NPs, chunks, spans } = backwardCounts(s.length, s.channels, s.groups, tile);
  return Uint32Array.from([
    s.length,
    s.channels,
    s.groups,
    s.channels / s.groups,
    NP,
    chunks,
    s.batch,
    spans,
    o.skip,
    o.bias,
    o.h0,
    o.gLast,
    o.sum,
    o.start,
    o.carry,
    o.ckpt,
    o.part,
    o.gA,
    o.gD,
    o.gBias,
    o.gH0,
    gridX,
    NPs,
    0,
  ]);
}

/** The WGSL declaration of `Dims` (BACKWARD_DIMS_WORDS words, in backwardDims' order). */
export const BACKWARD_DIMS_WGSL = `struct Dims {
  L: u32, D: u32, G: u32, per: u32, NP: u32, chunks: u32, B: u32, spans: u32,
  oSkip: u32, oBias: u32, oH0: u32, oGLast: u32, oSum: u32, oStart: u32, oCarry: u32, oCkpt: u32,
  oPart: u32, oGA: u32, oGD: u32, oGBias: u32, oGH0: u32, gridX: u32, NPs: u32, pad: u32,
}`;

/** The float width W of a state block: 4, 2 or 1, the largest dividing N. */
export function backwardBlockWidth(N: number): number {
  return N % 4 === 0 ? 4 : N % 2 === 0 ? 2 : 1;
}

/** Bytes of workgroup memory of the reverse walk: two buffers of 2N sums × (CH + 1) floats. */
export function backwardSharedBytes(N: number, CH: number): number {
  return 2 * 2 * N * (CH + 1) * 4;
}

export function selectiveBackwardKey(x: SelectiveBackwardSpec, pass: 'span' | 'carries' | 'reverse'): string {
  const f = `${selectiveOptionsKey(x)}${x.hasGLast ? 1 : 0}`;
  const t = x.tile;
  const q = pass === 'reverse' && (t.lanes ?? 1) > 1 ? `q${t.lanes}` : '';
  const pf = `${t.prefetch && pass !== 'carries' ? 'p' : ''}${t.hoist && pass === 'reverse' ? 'h' : ''}${t.keepDecays && pass === 'reverse' ? 'k' : ''}`;
  return `ssb-${pass}:${t.channels}x${t.steps}x${t.span}${t.subgroup ? `g${t.subgroup}` : ''}${q}${pf}:n${x.state}:${f}`;
}

/** Why a tile cannot run N states (null when it can). */
export function backwardTileProblem(t: BackwardTile, N: number): string | null {
  if (!Number.isInteger(t.channels) || t.channels < 1)
    return `channels must be a positive integer, got ${t.channels}`;
  if (!Number.isInteger(t.steps) || t.steps < 1) return `steps must be a positive integer, got ${t.steps}`;
  if (!Number.isInteger(t.span) || t.span < t.steps || t.span % t.steps !== 0)
    return `span must be a positive multiple of steps ${t.steps}, got ${t.span}`;
  const SG = t.subgroup;
  const Q = t.lanes ?? 1;
  if (!Number.isInteger(Math.log2(Q)) || Q < 1) return `lanes must be a power of two, got ${Q}`;
  if (Q > 1 && SG === undefined) return `lanes ${Q} needs subgroup sums`;
  if (Q > 1 && (N / backwardBlockWidth(N)) % Q !== 0)
    return `lanes ${Q} must divide the ${N / backwardBlockWidth(N)} state blocks of N = ${N}`;
  if (SG !== undefined) {
    if (!Number.isInteger(Math.log2(SG)) || SG < 2) return `subgroup must be a power of two ≥ 2, got ${SG}`;
    if (t.channels * Q !== SG)
      return `subgroup ${SG} needs channels × lanes = ${SG}, got ${t.channels} × ${Q}`;
    if (Q === 1 && (2 * N) % SG !== 0) return `subgroup ${SG} must divide 2N = ${2 * N}`;
  }
  return null;
}

function checkSpec(x: SelectiveBackwardSpec): void {
  const p = backwardTileProblem(x.tile, x.state);
  if (p) throw new RangeError(p);
  if (!Number.isInteger(x.state) || x.state < 1)
    throw new RangeError(`N must be a positive integer, got ${x.state}`);
}

/**
 * Code shared by the span walks: the block type, a thread's coordinates, A, bias. With Q lanes
 * per channel a thread owns NBL = NB/Q state blocks from block jb = j·NBL (lane j); `blk(k)` is
 * the index of its k-th block, `boff(k)` its first float.
 */
function prelude(x: SelectiveBackwardSpec, Q = 1, span = false) {
  const N = x.state;
  const W = backwardBlockWidth(N);
  const NB = N / W;
  const NBL = NB / Q;
  const blk = (k: number) => (Q > 1 ? `jb + ${k}u` : `${k}u`);
  const boff = (k: number) => (Q > 1 ? `(jb + ${k}u) * ${W}u` : `${k * W}u`);
  const V = W === 1 ? 'f32' : `vec${W}<f32>`;
  const comps = ['x', 'y', 'z', 'w'];
  // a block of W floats of `w` from flat index `base`, and its store
  const load = (base: string) =>
    W === 1 ? `w[${base}]` : `${V}(${Array.from({ length: W }, (_, i) => `w[${base} + ${i}u]`).join(', ')})`;
  const store = (base: string, v: string, indent: string) =>
    W === 1
      ? `${indent}w[${base}] = ${v};`
      : Array.from({ length: W }, (_, i) => `${indent}w[${base} + ${i}u] = ${v}.${comps[i]};`).join('\n');
  const sum = (v: string) => (W === 1 ? v : `dot(${v}, ${V}(1.0))`);
  // the span pass: one thread per channel, CH·Q of them per workgroup (NPs per group)
  const NPx = span ? 'dims.NPs' : 'dims.NP';
  const coords = `  let g = wg.x / ${NPx};
  let p = wg.x % ${NPx};
  let b = wg.y / dims.spans;
  let sp = wg.y % dims.spans;${
    Q > 1
      ? `
  // lane j of channel ch: state blocks jb … jb + NBL − 1
  let j = c % ${Q}u;
  let ch = c / ${Q}u;
  let jb = j * ${NBL}u;`
      : `
  let ch = c;`
  }
  let cin = p * CH + ch;
  let valid = cin < dims.per;
  // a channel past D/G (partial workgroup) computes channel 0's numbers and contributes nothing
  let d = g * dims.per + select(0u, cin, valid);
  let L = dims.L;
  let D = dims.D;
  let G = dims.G;
  // this thread's row of the span tables [B, S, D] (times N for states)
  let srow = (b * dims.spans + sp) * D + d;
${unroll(NBL, (k) => `  let A_${k} = ${load(`d * N + ${boff(k)}`)};`)}
  let bias = ${x.hasBias ? 'w[dims.oBias + d]' : '0.0'};`;
  const header = `const CH: u32 = ${span ? x.tile.channels * (x.tile.lanes ?? 1) : x.tile.channels}u;
const T: u32 = ${x.tile.steps}u;
const TS: u32 = ${x.tile.span}u;
const N: u32 = ${N}u;
const NB: u32 = ${NB}u;
const LOG2E: f32 = 1.4426950408889634;

${BACKWARD_DIMS_WGSL}
${wgslActivations()}`;
  const stepDelta = (dl: string) => (x.softplus ? `softplus(${dl} + bias)` : `${dl} + bias`);
  // bindings 0–5 of both span walks (6 gy, 7 ∂u, 8 ∂δ follow in the reverse)
  const bindings = `@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> u: array<f32>;
@group(0) @binding(2) var<storage, read> dl: array<f32>;
@group(0) @binding(3) var<storage, read> Bv: array<${V}>;
@group(0) @binding(4) var<storage, read> Cv: array<${V}>;
@group(0) @binding(5) var<storage, read_write> w: array<f32>;`;
  // the loads of the forward walk at t: δ, u and the thread's B blocks
  const forwardLoads: WalkLoad[] = [
    { name: 'dl', type: 'f32', at: (t) => `dl[(b * L + ${t}) * D + d]` },
    { name: 'u', type: 'f32', at: (t) => `u[(b * L + ${t}) * D + d]` },
    ...Array.from({ length: NBL }, (_, k) => ({
      name: `B${k}`,
      type: V,
      at: (t: string) => `Bv[((b * L + ${t}) * G + g) * NB + ${blk(k)}]`,
    })),
  ];
  // the forward walk over [from, to) with `extra` after each step (dt in scope), `atChunk`
  // before every T steps (given the chunk's index within the walk); with the tile's `prefetch`,
  // loads an iteration of T steps ahead
  const forwardWalk = (from: string, to: string, extra: string, atChunk?: (ci: string) => string) =>
    x.tile.prefetch
      ? prefetchedWalk({
          K: x.tile.steps,
          from,
          to,
          reverse: false,
          loads: forwardLoads,
          id: 'fw',
          ...(atChunk ? { atIteration: atChunk } : {}),
          step: (_t, v) =>
            [
              `let dt = ${stepDelta(v('dl'))};`,
              `let du = dt * ${v('u')};`,
              ...Array.from(
                { length: NBL },
                (_, k) => `h_${k} = exp2(dt * LOG2E * A_${k}) * h_${k} + du * ${v(`B${k}`)};`,
              ),
              extra,
            ]
              .filter((l) => l !== '')
              .join('\n'),
        })
      : atChunk
        ? `  for (var ci = 0u; ci < (${to} - ${from} + T - 1u) / T; ci++) {
${atChunk('ci')
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
    for (var t = ${from} + ci * T; t < min(${from} + (ci + 1u) * T, ${to}); t++) {
${forwardStep('      ')}${extra ? `\n      ${extra}` : ''}
    }
  }`
        : `  for (var t = ${from}; t < ${to}; t++) {
${forwardStep('    ')}${extra ? `\n    ${extra}` : ''}
  }`;
  // one step of the forward walk at t: h ← ā ⊙ h + Δu·B_t (the caller sums Δ if it needs ΣΔ)
  const forwardStep = (indent: string) =>
    [
      'let i = (b * L + t) * D + d;',
      `let dt = ${stepDelta('dl[i]')};`,
      'let du = dt * u[i];',
      'let row = ((b * L + t) * G + g) * NB;',
      ...Array.from(
        { length: NBL },
        (_, k) => `h_${k} = exp2(dt * LOG2E * A_${k}) * h_${k} + du * Bv[row + ${blk(k)}];`,
      ),
    ]
      .map((l) => indent + l)
      .join('\n');
  return { N, W, NB, NBL, V, blk, boff, load, store, sum, coords, header, stepDelta, bindings, forwardWalk };
}

/**
 * Pass 1, span aggregates: per (b, span, d) the end state from zero e_s, the carry out from zero
 * r_s, and ΣΔ_s. Bindings: 0 dims, 1 u, 2 δ, 3 B, 4 C (W-float blocks), 5 w, 6 gy.
 * Dispatch: (G·NPs, B·S) workgroups of CH·Q (one thread per channel).
 */
export function selectiveSpanSource(x: SelectiveBackwardSpec): string {
  checkSpec(x);
  const { W, NB, V, store, coords, header, stepDelta, bindings, forwardWalk } = prelude(x, 1, true);
  // the backward walk from the zero carry: κ ← ā ⊙ (κ + gy·C_t)
  const backwardStep = (dl: string, gyt: string, C: (k: number) => string) =>
    [
      `let dt = ${stepDelta(dl)};`,
      `let gyt = ${gyt};`,
      ...Array.from(
        { length: NB },
        (_, k) => `k_${k} = exp2(dt * LOG2E * A_${k}) * (k_${k} + gyt * ${C(k)});`,
      ),
    ].join('\n');
  const backwardWalk = x.tile.prefetch
    ? prefetchedWalk({
        K: x.tile.steps,
        from: 't0',
        to: 't1',
        reverse: true,
        id: 'bw',
        loads: [
          { name: 'dl', type: 'f32', at: (t) => `dl[(b * L + ${t}) * D + d]` },
          { name: 'gy', type: 'f32', at: (t) => `gy[(b * L + ${t}) * D + d]` },
          ...Array.from({ length: NB }, (_, k) => ({
            name: `C${k}`,
            type: V,
            at: (t: string) => `Cv[((b * L + ${t}) * G + g) * NB + ${k}u]`,
          })),
        ],
        step: (_t, v) => backwardStep(v('dl'), v('gy'), (k) => v(`C${k}`)),
      })
    : `  for (var t = t1; t > t0; t--) {
    let i = (b * L + t - 1u) * D + d;
    let row = ((b * L + t - 1u) * G + g) * NB;
${backwardStep('dl[i]', 'gy[i]', (k) => `Cv[row + ${k}u]`)
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
  }`;
  return `${header}
${bindings}
@group(0) @binding(6) var<storage, read> gy: array<f32>;

@compute @workgroup_size(${x.tile.channels * (x.tile.lanes ?? 1)})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) c: u32) {
${coords}
  if (!valid) {
    return;
  }
  let t0 = sp * TS;
  let t1 = min(t0 + TS, L);
${unroll(NB, (k) => `  var h_${k} = ${V}(0.0);\n  var k_${k} = ${V}(0.0);`)}
  var sd = 0.0;
${forwardWalk('t0', 't1', 'sd += dt;')}
${backwardWalk}
  w[dims.oSum + srow] = sd;
${unroll(NB, (k) => store(`dims.oStart + srow * N + ${k * W}u`, `h_${k}`, '  '))}
${unroll(NB, (k) => store(`dims.oCarry + srow * N + ${k * W}u`, `k_${k}`, '  '))}
}
`;
}

/**
 * Pass 2, span carries: one thread per (b, d, n), over the spans in order for the start states
 * (from h0) and in reverse for the end carries (from ḡ_last), in place of e_s and r_s; the carry
 * out of span 0 is ∂h0. Bindings: 0 dims, 1 w. Dispatch: (⌈B·D·N / 64⌉, 1).
 */
export function selectiveSpanCarriesSource(x: SelectiveBackwardSpec): string {
  checkSpec(x);
  return `const N: u32 = ${x.state}u;
const LOG2E: f32 = 1.4426950408889634;
${BACKWARD_DIMS_WGSL}
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let D = dims.D;
  if (i >= dims.B * D * N) {
    return;
  }
  let b = i / (D * N);
  let dn = i % (D * N);
  let d = dn / N;
  let n = dn % N;
  let a2 = w[dn] * LOG2E;
  var h = ${x.hasH0 ? 'w[dims.oH0 + i]' : '0.0'};
  for (var s = 0u; s < dims.spans; s++) {
    let row = (b * dims.spans + s) * D + d;
    let o = row * N + n;
    let e = w[dims.oStart + o];
    w[dims.oStart + o] = h;
    h = exp2(a2 * w[dims.oSum + row]) * h + e;
  }
  var k = ${x.hasGLast ? 'w[dims.oGLast + i]' : '0.0'};
  for (var s = dims.spans; s > 0u; s--) {
    let row = (b * dims.spans + s - 1u) * D + d;
    let o = row * N + n;
    let r = w[dims.oCarry + o];
    w[dims.oCarry + o] = k;
    k = r + exp2(a2 * w[dims.oSum + row]) * k;
  }
  w[dims.oGH0 + i] = k;
}
`;
}

/**
 * Pass 3, the reverse: u, δ, gy [B, L, D] (gy: ḡ_out·silu(z), overwritten with y before the
 * gate when z is given), B, C (W-float blocks), w (A, D, bias, span starts and carries in;
 * checkpoints, partials out), ∂u, ∂δ out. Bindings: 0 dims, 1 u, 2 δ, 3 B, 4 C, 5 w, 6 gy, 7 ∂u,
 * 8 ∂δ. Dispatch: (G·NP, B·S) workgroups of CH·Q (Q = `lanes`, the lanes per channel).
 */
export function selectiveReverseSource(x: SelectiveBackwardSpec): string {
  checkSpec(x);
  const Q = x.tile.lanes ?? 1;
  const { N, W, NBL, V, blk, boff, load, store, sum, coords, header, bindings, forwardWalk } = prelude(x, Q);
  // hoist: a chunk's loads, all issued at its start (clamped to L − 1 for a short last chunk)
  const hoist = x.tile.hoist === true;
  // keepDecays: ā of each step of the chunk, from the re-walk, in registers for the backward
  const keep = x.tile.keepDecays === true;
  const { channels: CH, steps: T } = x.tile;
  const comps = ['x', 'y', 'z', 'w'];
  const SG = x.tile.subgroup ?? 0;
  // the 2·NBL·W values of one thread for step s: ∂B of its states (Δu ğ), then ∂C (gy h)
  const values = (s: number) => {
    const bs: string[] = [];
    const cs: string[] = [];
    for (let k = 0; k < NBL; k++)
      for (let i = 0; i < W; i++) {
        bs.push(`dtu * ${W === 1 ? `gb_${k}` : `gb_${k}.${comps[i]}`}`);
        cs.push(`gyt * ${W === 1 ? `hs_${s}_${k}` : `hs_${s}_${k}.${comps[i]}`}`);
      }
    return [...bs, ...cs];
  };
  // workgroup memory (Q = 1): each thread writes its 2N values, one barrier, thread c adds up
  // rows c, c + CH, …
  const sharedSums = (s: number) => `        let rb = par * ${2 * N}u * (CH + 1u);
${values(s)
  .map((v, n) => `        red[rb + ${n}u * (CH + 1u) + c] = select(0.0, ${v}, valid);`)
  .join('\n')}
        workgroupBarrier();
        // row n of the sums: Σ over the workgroup's channels, one partial per workgroup
        let po = dims.oPart + (((b * L + t) * G + g) * dims.NP + p) * ${2 * N}u;
        for (var n = c; n < ${2 * N}u; n += CH) {
          var acc = 0.0;
          for (var jj = 0u; jj < CH; jj++) {
            acc += red[rb + n * (CH + 1u) + jj];
          }
          w[po + n] = acc;
        }
        par = 1u - par;`;
  // subgroup: the sums over the CH channels of the subgroup (lane bits log2 Q … log2 SG − 1,
  // highest first): a reduce-scatter halving the values each round while they last, then
  // plain butterflies; a lane then holds values vb … vb + m − 1 of its lane j's 2·NBL·W, and the
  // lanes whose remaining channel bits are 0 store them
  const subgroupSums = (s: number) => {
    const vals = values(s);
    const out = vals.map((v, n) => `        var q_${n} = select(0.0, ${v}, valid);`);
    let cur = vals.length;
    let scatter = 0;
    let butterfly = 0;
    for (let hw = SG / 2; hw >= Q; hw /= 2) {
      if (cur % 2 === 0) {
        const half = cur / 2;
        out.push(`        {
          let hi = (c & ${hw}u) != 0u;
${unroll(
  half,
  (i) => `          let keep_${i} = select(q_${i}, q_${i + half}, hi);
          let send_${i} = select(q_${i + half}, q_${i}, hi);
          q_${i} = keep_${i} + subgroupShuffleXor(send_${i}, ${hw}u);`,
)}
        }`);
        cur = half;
        scatter++;
      } else {
        out.push(unroll(cur, (i) => `        q_${i} += subgroupShuffleXor(q_${i}, ${hw}u);`));
        butterfly++;
      }
    }
    const R = scatter + butterfly;
    const half = NBL * W;
    out.push(`        let po = dims.oPart + (((b * L + t) * G + g) * dims.NP + p) * ${2 * N}u;
        let vb = (ch >> ${butterfly}u) * ${cur}u;`);
    const stores = unroll(cur, (i) => {
      const v = `vb + ${i}u`;
      // value v: ∂B of state jb·W + v, or ∂C of state jb·W + v − NBL·W
      const at = Q > 1 ? `select(${N - half}u + jb * ${W}u + ${v}, jb * ${W}u + ${v}, ${v} < ${half}u)` : v;
      return `          w[po + ${at}] = q_${i};`;
    });
    out.push(
      butterfly > 0 && R > 0
        ? `        if ((ch & ${(1 << butterfly) - 1}u) == 0u) {\n${stores}\n        }`
        : `        {\n${stores}\n        }`,
    );
    return out.join('\n');
  };
  // a per-channel sum of the Q lanes' parts (butterflies: every lane gets it)
  const laneSum = (name: string) =>
    Q > 1 ? unroll(Math.log2(Q), (r) => `        ${name} += subgroupShuffleXor(${name}, ${1 << r}u);`) : '';
  const first = Q > 1 ? 'valid && j == 0u' : 'valid';
  const prev = (s: number, k: number) => (s === 0 ? `hc_${k}` : `hs_${s - 1}_${k}`);
  // block k of step s's B and C rows: hoisted, or loaded where used
  const bRow = (s: number, k: number) => (hoist ? `lB_${s}_${k}` : `Bv[row + ${blk(k)}]`);
  const cRow = (s: number, k: number) => (hoist ? `lC_${s}_${k}` : `Cv[row + ${blk(k)}]`);
  return `${SG ? 'enable subgroups;\n' : ''}${header}
${bindings}
@group(0) @binding(6) var<storage, ${x.hasZ ? 'read_write' : 'read'}> gy: array<f32>;
@group(0) @binding(7) var<storage, read_write> gu: array<f32>;
@group(0) @binding(8) var<storage, read_write> gdl: array<f32>;
${
  SG
    ? ''
    : `
// ∂B, ∂C parts of the workgroup's channels for one step: 2N rows of CH (+1 against bank
// conflicts), two buffers alternating by step so that one barrier per step suffices
var<workgroup> red: array<f32, ${2 * 2 * N * (CH + 1)}>;
`
}
@compute @workgroup_size(${CH * Q})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) c: u32) {
${coords}
  let skip = ${x.hasD ? 'w[dims.oSkip + d]' : '0.0'};
  // chunks of this span: c0 … c0 + nc − 1 (the last span may be short)
  let s0 = sp * TS;
  let cfirst = s0 / T;
  let s1 = min(s0 + TS, L);
  let nc = (s1 - s0 + T - 1u) / T;
  // the span's start state, walked forward: the state before each chunk, to ckpt
${unroll(NBL, (k) => `  var h_${k} = ${load(`dims.oStart + srow * N + ${boff(k)}`)};`)}
${forwardWalk(
  's0',
  's1',
  '',
  (ci) => `  let ck = dims.oCkpt + ((b * dims.chunks + cfirst + ${ci}) * D + d) * N;
${unroll(NBL, (k) => store(`ck + ${boff(k)}`, `h_${k}`, '  '))}`,
)}
  // the carry κ at the span's end
${unroll(NBL, (k) => `  var gc_${k} = ${load(`dims.oCarry + srow * N + ${boff(k)}`)};`)}
${unroll(NBL, (k) => `  var gA_${k} = ${V}(0.0);`)}
  var gD = 0.0;
  var gBias = 0.0;${SG ? '' : '\n  var par = 0u;'}
  for (var ci = nc; ci > 0u; ci--) {
    let c0 = s0 + (ci - 1u) * T;
    let ck = dims.oCkpt + ((b * dims.chunks + cfirst + ci - 1u) * D + d) * N;
${unroll(NBL, (k) => `    let hc_${k} = ${load(`ck + ${boff(k)}`)};`)}
${
  hoist
    ? `    // every load of the chunk, issued before any of its work
${unroll(
  T,
  (s) => `    let ih_${s} = (b * L + min(c0 + ${s}u, L - 1u)) * D + d;
    let rh_${s} = ((b * L + min(c0 + ${s}u, L - 1u)) * G + g) * NB;
    let ld_${s} = dl[ih_${s}];
    let lu_${s} = u[ih_${s}];
    let lg_${s} = gy[ih_${s}];
${unroll(
  NBL,
  (k) => `    let lB_${s}_${k} = Bv[rh_${s} + ${blk(k)}];
    let lC_${s}_${k} = Cv[rh_${s} + ${blk(k)}];`,
)}`,
)}`
    : ''
}
    // forward over the chunk from its checkpoint: h_t of every step in registers
${unroll(T, (s) => unroll(NBL, (k) => `    var hs_${s}_${k}: ${V};${keep ? `\n    var ea_${s}_${k}: ${V};` : ''}`))}
${unroll(T, (s) => `    var dt_${s} = 0.0;\n    var pre_${s} = 0.0;\n    var u_${s} = 0.0;`)}
${unroll(
  T,
  (s) => `    {
      let t = c0 + ${s}u;
      if (t < L) {
        let i = (b * L + t) * D + d;
        pre_${s} = ${hoist ? `ld_${s}` : 'dl[i]'} + bias;
        dt_${s} = ${x.softplus ? `softplus(pre_${s})` : `pre_${s}`};
        u_${s} = ${hoist ? `lu_${s}` : 'u[i]'};
        let du = dt_${s} * u_${s};
        let row = ((b * L + t) * G + g) * NB;
${unroll(NBL, (k) =>
  keep
    ? `        ea_${s}_${k} = exp2(dt_${s} * LOG2E * A_${k});
        hs_${s}_${k} = ea_${s}_${k} * ${prev(s, k)} + du * ${bRow(s, k)};`
    : `        hs_${s}_${k} = exp2(dt_${s} * LOG2E * A_${k}) * ${prev(s, k)} + du * ${bRow(s, k)};`,
)}
      }
    }`,
)}
    // backward over the chunk
${unroll(T, (r) => {
  const s = T - 1 - r;
  return `    {
      let t = c0 + ${s}u;
      if (t < L) {
        let i = (b * L + t) * D + d;
        let row = ((b * L + t) * G + g) * NB;
        let gyt = ${hoist ? `lg_${s}` : 'gy[i]'};
        let dtu = dt_${s} * u_${s};
${unroll(
  NBL,
  (k) => `        let gb_${k} = gc_${k} + gyt * ${cRow(s, k)};
        let aa_${k} = ${keep ? `ea_${s}_${k}` : `exp2(dt_${s} * LOG2E * A_${k})`};
        let x_${k} = aa_${k} * ${prev(s, k)};
        gA_${k} += dt_${s} * gb_${k} * x_${k};
        gc_${k} = aa_${k} * gb_${k};`,
)}
        var sB = ${Array.from({ length: NBL }, (_, k) => sum(`gb_${k} * ${bRow(s, k)}`)).join(' + ')};
        var sAx = ${Array.from({ length: NBL }, (_, k) => sum(`gb_${k} * A_${k} * x_${k}`)).join(' + ')};
${laneSum('sB')}
${laneSum('sAx')}
        let dDelta = sAx + u_${s} * sB;
        let gdt = ${x.softplus ? `dDelta * sigmoid(pre_${s})` : 'dDelta'};${
          x.hasZ
            ? `
        var yv = ${Array.from({ length: NBL }, (_, k) => sum(`${cRow(s, k)} * hs_${s}_${k}`)).join(' + ')};
${laneSum('yv')}`
            : ''
        }
        if (${first}) {
          gu[i] = skip * gyt + dt_${s} * sB;
          gdl[i] = gdt;${
            x.hasZ
              ? `
          gy[i] = yv + skip * u_${s};`
              : ''
          }
        }
        gD += gyt * u_${s};
        gBias += gdt;
${SG ? subgroupSums(s) : sharedSums(s)}
      }
    }`;
})}
  }
${unroll(NBL, (k) => `  if (valid) {\n${store(`dims.oGA + srow * N + ${boff(k)}`, `gA_${k}`, '    ')}\n  }`)}
  if (${first}) {
    w[dims.oGD + srow] = gD;
    w[dims.oGBias + srow] = gBias;
  }
}
`;
}
