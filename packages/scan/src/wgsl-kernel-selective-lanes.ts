// The fused selective-scan forward (S6) with the states of a channel spread over Q lanes of a
// subgroup ("state lanes"): no time segments, so no segment aggregates, no workgroup memory, no
// barriers, and three floating-point operations and one exp per (t, d, n) — against six and a
// re-walk in the segmented kernel (wgsl-kernel-selective-forward.ts).
//
// Glossary (Gu & Dao 2023, Algorithm 2; library layout, as in wgsl-kernel-selective-forward.ts):
//   u, δ, z, y [B, L, D]; Δ = softplus(δ + bias) (or δ + bias); A [D, N]; B, C [B, L, G, N];
//   D (skip) [D]; h [B, D, N].  ā_t = exp2(Δ_t · A·log2 e),  b̄_t = Δ_t u_t B_t,
//   h_t = ā_t ⊙ h_{t−1} + b̄_t,  y_t = C_t · h_t + D u_t,  out_t = y_t · silu(z_t).
// Thread layout: a workgroup holds CH channels of one batch row; channel c owns Q consecutive
// invocations (lanes j = 0 … Q−1, one subgroup's quad for Q = 4), and lane j owns the states
// j·N/Q … (j+1)·N/Q − 1 (as blocks of W = 1, 2 or 4 floats). Every lane walks all L steps, in
// loop iterations of K = U·Q steps, each cut into U groups of Q steps. Per group:
//   1. lane j takes step j of the group for the per-element work — loads δ, u, z (a loop
//      iteration ahead), Δ = softplus(δ + bias), Δu — so each element's softplus runs once;
//      its B_t, C_t blocks for every step are in registers, loaded an iteration ahead too
//      (measured on the H100: without that prefetch each step waited for a load, ~570 cycles);
//      then the group's decays ā and inputs b̄ of every step, off the recurrence's chain;
//   2. the Q lanes read each other's Δ, Δu by subgroup shuffles, take ā = exp2(Δ a), b̄ = Δu·B_t
//      of all Q steps, then advance their states: h = ā·h + b̄, p_k = C_t · h (their part of y_t);
//   3. a reduce-scatter of the Q × Q parts p (log2 Q rounds of shuffles, halving the values
//      each round) leaves lane j the sum over all N states for step j: y_t; it adds D·u, gates
//      with silu(z); the U outputs of an iteration are stored at its end.
// Parallelism is B·D·Q threads, so this layout is for batch × channels large enough to fill the
// GPU (the segmented kernel splits L instead). Shuffles per element: 2Q (Δ, Δu) + about Q·(Q−1)/Q
// for the reduce-scatter; each lane loads its B_t, C_t blocks itself (the lanes of a subgroup
// read one row: L1 broadcasts).
// Needs the `subgroups` feature with Q dividing the subgroup size, and invocations packed into
// subgroups in index order (as Vulkan and Metal implementations do); Q = 1 needs neither.
// Matches state-spaces/mamba `selective_scan_fwd_kernel.cuh` in what it computes; it differs in
// how it splits the work (mamba: one channel per thread block, L split over its threads and
// scanned per state with cub's BlockScan; here: N split over lanes and L walked in order, since
// the [B, L, D] layout makes consecutive channels, not consecutive steps, contiguous).

import { unroll, wgslActivations } from './wgsl-functions';
import { selectiveBindingsWgsl } from './wgsl-selective-bindings';
import { type SelectiveOptions, selectiveOptionsKey } from './wgsl-selective-options';
import type { ScanTile } from './wgsl-tile';

export interface SelectiveLanesSpec extends SelectiveOptions {
  tile: ScanTile;
  /**
   * true: the first pass of an L split (selectiveForwardDispatch in wgsl-selective-forward-run.ts): no C, z, D or outputs;
   * from the zero state, writes each channel's end state to `last` and ΣΔ to `outp` [B, D]
   */
  aggregate?: boolean;
  /**
   * P (default 1): the batch rows are the P chunks of an L split (virtual row b·P + c); only the
   * last chunk of each real row writes the last state, at the real row
   */
  chunks?: number;
}

/** The float width W of the state blocks of one lane: the largest of 4, 2, 1 dividing N/Q. */
export function laneBlockWidth(N: number, Q: number): number {
  const per = N / Q;
  return per % 4 === 0 ? 4 : per % 2 === 0 ? 2 : 1;
}

/** Why Q lanes and K steps do not fit N (null when they do). */
export function lanesProblem(N: number, Q: number, K: number): string | null {
  if (![1, 2, 4, 8, 16, 32].includes(Q)) return `lanes must be 1, 2, 4, 8, 16 or 32, got ${Q}`;
  if (N % Q !== 0) return `lanes ${Q} must divide N = ${N}`;
  if (K % Q !== 0) return `steps ${K} must be a multiple of lanes ${Q}`;
  return null;
}

/** A cache key naming everything that changes the shader text. */
export function selectiveLanesKey(x: SelectiveLanesSpec): string {
  const t = x.tile;
  const f = selectiveOptionsKey(x);
  return `ssl:${t.channels}x${t.lanes}x${t.steps}${x.aggregate ? 'a' : ''}${x.chunks && x.chunks > 1 ? `c${x.chunks}` : ''}:n${x.state}:${f}`;
}

/**
 * Bindings as the segmented kernel's (selectiveForwardSource): 0 dims (uniform; `tiles` = loop
 * iterations ⌈L/K⌉), 1 u, 2 δ, 3 B, 4 C (W-float blocks), 5 prm = A | D | bias | h0, 6 out,
 * 7 last state, 8 z. Dispatch: (ceil(D / CH), B).
 */
export function selectiveLanesSource(x: SelectiveLanesSpec): string {
  const { channels: CH, steps: K } = x.tile;
  const Q = x.tile.lanes ?? 1;
  const N = x.state;
  const problem = lanesProblem(N, Q, K);
  if (problem) throw new RangeError(problem);
  const U = K / Q;
  const W = laneBlockWidth(N, Q);
  const agg = x.aggregate === true;
  const P = x.chunks ?? 1;
  const hasZ = x.hasZ && !agg;
  const hasH0 = x.hasH0 && !agg;
  // NL blocks per lane; a B/C row of N/W blocks, lane j's blocks start at j·NL
  const NL = N / Q / W;
  const V = W === 1 ? 'f32' : `vec${W}<f32>`;
  const vecOf = (parts: string[]) => (W === 1 ? parts[0]! : `${V}(${parts.join(', ')})`);
  const dot = (a: string, b: string) => (W === 1 ? `${a} * ${b}` : `dot(${a}, ${b})`);
  const lanesOf = (base: string) => Array.from({ length: W }, (_, i) => `prm[${base} + ${i}u]`);
  const shuffled = Q > 1;
  // value v of step k of the group: lane k's, by shuffle (Q = 1: the lane's own)
  const from = (v: string, k: number) => (shuffled ? `subgroupShuffle(${v}, qb + ${k}u)` : v);
  const delta = (m: number) => (x.softplus ? `softplus(dl_${m} + bias)` : `dl_${m} + bias`);
  // the reduce-scatter: values p_0 … p_{Q−1} on each lane; in the round of half-width hw the
  // lane keeps the half of its window selected by bit hw of j and adds its partner's copy of it
  const reduceScatter = (m: number) => {
    const out: string[] = [];
    for (let hw = Q / 2; hw >= 1; hw /= 2) {
      const hi = `hi${hw}`;
      out.push(`        {
          let ${hi} = (j & ${hw}u) != 0u;
${unroll(
  hw,
  (i) => `          let keep_${i} = select(p_${m}_${i}, p_${m}_${i + hw}, ${hi});
          let send_${i} = select(p_${m}_${i + hw}, p_${m}_${i}, ${hi});
          p_${m}_${i} = keep_${i} + subgroupShuffleXor(send_${i}, ${hw}u);`,
)}
        }`);
    }
    return out.join('\n');
  };
  // a group in three phases, so that the compiler sees the independent work first: (a) the
  // Q steps' Δ, Δu from their lanes, every decay ā and input b̄ (the special-function unit and
  // shuffles, off the recurrence's critical path); (b) the recurrence, one FMA per state and
  // step on the chain, and the parts p of y; (c) the reduce-scatter and the output. Each step's
  // B and C registers are refilled for the next iteration as soon as they are read. (Issuing
  // phase (a) of every group of an iteration before any (b) measured the same on the H100, run
  // 21: the compiler schedules the unrolled iteration itself.)
  type Kind = 'full' | 'tail';
  const stepsOf = (m: number) => Array.from({ length: Q }, (_, k) => ({ k, s: m * Q + k }));
  // full iterations refill each step's B/C registers with the same step of the next iteration,
  // whose rows start at row nRow (the tail iteration loads its own rows, clamped, instead)
  const refill = (m: number, reg: string, buf: string, kind: Kind) =>
    kind === 'tail'
      ? ''
      : stepsOf(m)
          .map(({ s }) =>
            unroll(NL, (q) => `    ${reg}_${s}_${q} = ${buf}[nRow + ${s}u * rowStride + ${q}u];`),
          )
          .join('\n');
  const phaseA = (m: number, kind: Kind) => `    // group ${m}: steps t0 + ${m * Q} … t0 + ${m * Q + Q - 1}
${stepsOf(m)
  .map(
    ({ k }) =>
      `    let dt_${m}_${k} = ${from(`dt_${m}`, k)};\n    let du_${m}_${k} = ${from(`du_${m}`, k)};${agg ? `\n    sd = sd + dt_${m}_${k};` : ''}`,
  )
  .join('\n')}
${stepsOf(m)
  .map(({ k, s }) =>
    unroll(
      NL,
      (q) => `    let e_${m}_${k}_${q} = exp2(dt_${m}_${k} * a2_${q});
    let v_${m}_${k}_${q} = du_${m}_${k} * nb_${s}_${q};`,
    ),
  )
  .join('\n')}
${refill(m, 'nb', 'Bv', kind)}`;
  // (the aggregate pass of an L split keeps only the recurrence: no C, no y)
  const phaseB = (m: number, kind: Kind) => `${stepsOf(m)
    .map(
      ({ k, s }) =>
        `${unroll(NL, (q) => `    h_${q} = e_${m}_${k}_${q} * h_${q} + v_${m}_${k}_${q};`)}${
          agg
            ? ''
            : `\n    p_${m}_${k} = ${unroll(NL, (q) => dot(`nc_${s}_${q}`, `h_${q}`))
                .split('\n')
                .join(' + ')};`
        }`,
    )
    .join('\n')}
${agg ? '' : refill(m, 'nc', 'Cv', kind)}`;
  const phaseC = (m: number) => `${reduceScatter(m)}
    o_${m} = ${hasZ ? `(p_${m}_0 + skip * u_${m}) * silu(z_${m})` : `p_${m}_0 + skip * u_${m}`};`;
  const groups = (kind: Kind) =>
    unroll(U, (m) =>
      (agg ? [phaseA(m, kind), phaseB(m, kind)] : [phaseA(m, kind), phaseB(m, kind), phaseC(m)]).join('\n'),
    );
  // one loop iteration from t0 (defined by the caller): full (every step < L; issues the next
  // iteration's loads) or tail (steps past L masked: Δ = 0 is the identity, no store)
  const body = (kind: Kind) => {
    const tail = kind === 'tail';
    return `${
      tail
        ? ''
        : `    let tn = min(t0 + K, Lk);
    let nRow = rowBase + tn * rowStride;
    let nEl = (b * dims.L + tn + j) * dims.D + d;
`
    }    let cEl = (b * dims.L + t0 + j) * dims.D + d;
${unroll(
  U,
  (
    m,
  ) => `    let i_${m} = cEl + ${m * Q}u * dims.D;${tail ? `\n    let ok_${m} = t0 + ${m * Q}u + j < dims.L;` : ''}
    let dl_${m} = nd_${m};
    let u_${m} = nu_${m};${hasZ ? `\n    let z_${m} = nz_${m};` : ''}`,
)}
${
  tail
    ? ''
    : `    // the next iteration's loads, in flight while this one computes
${unroll(
  U,
  (m) => `    nd_${m} = dl[nEl + ${m * Q}u * dims.D];
    nu_${m} = u[nEl + ${m * Q}u * dims.D];${hasZ ? `\n    nz_${m} = zg[nEl + ${m * Q}u * dims.D];` : ''}`,
)}`
}
${unroll(
  U,
  (m) => `    let dt_${m} = ${tail ? `select(0.0, ${delta(m)}, ok_${m})` : delta(m)};
    let du_${m} = dt_${m} * u_${m};
${agg ? '' : unroll(Q, (k) => `    var p_${m}_${k}: f32;`)}`,
)}
${agg ? '' : unroll(U, (m) => `    var o_${m}: f32;`)}
${groups(kind)}${
  agg
    ? ''
    : `
    // the stores last: a guarded store ends a basic block, and the compiler schedules
    // (interleaves the groups' independent work) only within one
${unroll(U, (m) => `    if (live${tail ? ` && ok_${m}` : ''}) {\n      outp[i_${m}] = o_${m};\n    }`)}`
}`;
  };
  // the loads of one iteration into the ahead registers, at time index at(offset): the first
  // full iteration (rows 0 … K − 1, which exist) and the tail (clamped to L − 1)
  const loadIteration = (at: (offset: string) => string) => `${unroll(
    U,
    (m) => `    {
      let i = (b * dims.L + ${at(`${m * Q}u + j`)}) * dims.D + d;
      nd_${m} = dl[i];
      nu_${m} = u[i];${hasZ ? `\n      nz_${m} = zg[i];` : ''}
    }`,
  )}
${unroll(K, (st) =>
  unroll(
    NL,
    (q) =>
      `    nb_${st}_${q} = Bv[rowBase + ${at(`${st}u`)} * rowStride + ${q}u];${
        agg ? '' : `\n    nc_${st}_${q} = Cv[rowBase + ${at(`${st}u`)} * rowStride + ${q}u];`
      }`,
  ),
)}`;
  return `${shuffled ? 'enable subgroups;\n' : ''}
const CH: u32 = ${CH}u;
const Q: u32 = ${Q}u;
const K: u32 = ${K}u;
const N: u32 = ${N}u;
const LOG2E: f32 = 1.4426950408889634;

${selectiveBindingsWgsl(V, hasZ)}
${wgslActivations(false)}
@compute @workgroup_size(${CH * Q})
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>${
    shuffled ? ', @builtin(subgroup_invocation_id) sid: u32' : ''
  }) {
  let c = li / Q;
  let j = li % Q;
${shuffled ? "  // the channel's first lane in the subgroup (its Q lanes are consecutive)\n  let qb = sid - j;\n" : ''}  let b = wg.y;
  let d0 = wg.x * CH;
  let live = d0 + c < dims.D;
  // idle channels of a partial tile run on channel D − 1 (their lanes shuffle with each other)
  // and store nothing
  let d = min(d0 + c, dims.D - 1u);
  let g = d / dims.per;
  let Lm1 = dims.L - 1u;
  let bias = ${x.hasBias ? 'prm[dims.oBias + d]' : '0.0'};
  let skip = ${x.hasD ? 'prm[dims.oSkip + d]' : '0.0'};
  // B/C block of (b, t, g) for this lane: rowBase + t·rowStride
  let rowStride = dims.G * ${N / W}u;
  let rowBase = (b * dims.L * dims.G + g) * ${N / W}u + j * ${NL}u;
  // the lane's states: blocks j·NL … j·NL + NL − 1 of the row
  let so = d * N + j * ${N / Q}u;
${unroll(NL, (q) => `  let a2_${q} = ${vecOf(lanesOf(`so + ${q * W}u`))} * LOG2E;`)}
${unroll(
  NL,
  (q) =>
    `  var h_${q} = ${hasH0 ? vecOf(lanesOf(`dims.oH0 + (b * dims.D + d) * N + j * ${N / Q}u + ${q * W}u`)) : `${V}(0.0)`};`,
)}
  // the L / K full iterations need no clamping: their rows exist, and the loads they issue for
  // the next iteration read rows tn … tn + K − 1 with tn = min(t0 + K, L − K) (the tail, if any,
  // loads its own rows again); the tail iteration clamps and masks
  let full = dims.L / K;
  let Lk = dims.L - min(K, dims.L);
  // δ, u, z of the lane's elements of the next loop iteration (one per group), and its B_t, C_t
  // blocks for the K steps, loaded ahead (each step's B/C registers are refilled as soon as the
  // step has used them)
${unroll(U, (m) => `  var nd_${m}: f32;\n  var nu_${m}: f32;${hasZ ? `\n  var nz_${m}: f32;` : ''}`)}
${unroll(K, (st) => unroll(NL, (q) => `  var nb_${st}_${q}: ${V};${agg ? '' : `\n  var nc_${st}_${q}: ${V};`}`))}${agg ? '\n  // ΣΔ of the channel (each lane sums every step, after the shuffles)\n  var sd = 0.0;' : ''}
  if (full > 0u) {
${loadIteration((o) => o)}
  }
  for (var it = 0u; it < full; it++) {
    let t0 = it * K;
${body('full')}
  }
  if (full * K < dims.L) {
    let t0 = full * K;
${loadIteration((o) => `min(t0 + ${o}, Lm1)`)}
${body('tail')}
  }
${
  agg
    ? `  if (live) {
    if (j == 0u) {
      outp[b * dims.D + d] = sd;
    }
    let o = (b * dims.D + d) * N + j * ${N / Q}u;
${unroll(NL, (q) => unroll(W, (i) => `    last[o + ${q * W + i}u] = ${W === 1 ? `h_${q}` : `h_${q}[${i}]`};`))}
  }`
    : `  // (an L split into P chunks: the last chunk of each batch row writes that row's last state)
  if (live${P > 1 ? ` && b % ${P}u == ${P - 1}u` : ''}) {
    let o = (${P > 1 ? `(b / ${P}u)` : 'b'} * dims.D + d) * N + j * ${N / Q}u;
${unroll(NL, (q) => unroll(W, (i) => `    last[o + ${q * W + i}u] = ${W === 1 ? `h_${q}` : `h_${q}[${i}]`};`))}
  }`
}
}
`;
}
