// How the webgpu-wgsl scans cut the work among threads, and the workgroup memory that costs.
//
// Glossary: B batch, L length, D channels, N states, G groups of B/C (channel d reads group
// d / (D/G)); per a workgroup:
//   CH  channels (consecutive d, so that the CH threads of one time step read one contiguous
//       row piece of u, δ, z and write one of out: coalesced)
//   S   time segments; thread (c, s) walks segment s of channel d0 + c
//   K   steps per segment (unrolled in the shader, so the K values live in registers)
//   NB  states whose segment aggregates share one workgroup barrier (NB ∈ {1, 2, 4, 8, 16}
//       divides N); they are computed as min(NB, 4)-float vectors (f32, vec2, vec4)
//   H   parts the N states of a channel are split into (option `split`, default 1): H threads
//       per (channel, segment), each with N/H states
// A workgroup owns CH channels of one batch row and scans L in tiles of S·K steps: each thread
// reduces its K steps to an aggregate (decay, end state), the S aggregates of a channel are
// combined through workgroup memory (prefix over segments plus the carry from the previous
// tile), and each thread re-walks its K steps from its true start state. One exp per (t, d, n),
// every input read once, every output written once.
//
// Workgroup memory (floats): staged B and C rows of two tiles 2·S·K·(2N + W) (when every channel
// of the workgroup reads one B/C group; one W-float block of padding per row against bank
// conflicts; two tiles so that staging the next never waits for readers of the last),
// segment aggregates 2 (decay, end) · 2 (parity) · NB·H·S·CH, y of parts 1 … H−1
// (H − 1)·K·S·CH, carries 2 (parity) · N·CH.
import type { WgslLimits } from './wgsl-device';
import {
  type BackwardTile,
  backwardBlockWidth,
  backwardSharedBytes,
  backwardTileProblem,
} from './wgsl-kernel-selective-backward';
import { lanesProblem } from './wgsl-kernel-selective-lanes';

export interface ScanTile {
  /** CH */
  channels: number;
  /** S */
  segments: number;
  /** K */
  steps: number;
  /** NB (1 for the linear scan) */
  stateBlock: number;
  /** false: read B and C rows from storage even where they could be staged (benchmarks) */
  stage?: boolean;
  /**
   * true: the re-walk recomputes b̄ = Δu·B_t from the (staged) row instead of keeping the K·NB
   * values of the aggregate pass in registers across the barrier (fewer live registers, one
   * more workgroup load and multiply per step and state block)
   */
  reload?: boolean;
  /**
   * H (1, 2, 4): the N states of a channel are split among H threads (parts), each walking
   * N/H of them; part 0 adds the others' y through workgroup memory (one more barrier per
   * tile). H times the threads at the same registers per thread: more warps to hide latency.
   */
  split?: number;
  /**
   * true (with 4-float state blocks): y_t is accumulated per lane, one FMA per state, and the
   * four lanes summed once per step, instead of a dot product per block (more registers)
   */
  yLanes?: boolean;
  /**
   * The first `polyExp` state blocks of each thread (W = min(NB, 4) states each; default 0)
   * take their per-step decays ā from a polynomial exp2 on the FMA pipe (wgsl-functions.ts
   * exp2p) instead of the special-function unit, which the ~22 exps, logs and reciprocals per
   * (b, t, d) keep as busy as memory
   */
  polyExp?: number;
  /** true: softplus and silu take their exponentials from the polynomial exp2 too */
  polyAct?: boolean;
  /**
   * SG (the device's subgroup size, a power of two; 0 or absent: off): the S segment aggregates
   * of a channel are combined by subgroup shuffles instead of through workgroup memory with one
   * barrier per state group. A subgroup then holds SG/S channels × S segments (lane
   * s·(SG/S) + channel, invocations assumed packed into subgroups in index order, as Vulkan
   * and Metal implementations do); the carry between tiles still goes through workgroup
   * memory, under the one barrier per tile. Needs the `subgroups` feature and H = 1.
   */
  subgroup?: number;
  /**
   * true (with `subgroup`): the segments are combined by a scan of (decay, end) pairs in
   * log2(S) rounds of shuffles (two per block and round, then one shift of the end states),
   * instead of S − 1 rounds of one shuffle of the end states
   */
  subgroupLog?: boolean;
  /**
   * LW (a diagnostic, without `subgroup`): the lane layout of the subgroup combine (LW/S
   * channels × S segments per LW consecutive invocations) with the barrier combine, to time
   * what the layout alone costs
   */
  laneLayout?: number;
  /**
   * Q (1, 2, 4, 8, 16, 32; absent: off): the selective forward of wgsl-kernel-selective-lanes.ts
   * instead of the segmented one: the N states of a channel spread over Q lanes of a subgroup,
   * every lane walking all L steps (no segments, no workgroup memory, no barriers). With it,
   * `channels` is CH (CH·Q threads per workgroup), `steps` the steps per loop iteration (a
   * multiple of Q), `segments` must be 1 and `stateBlock` is unused. Needs subgroups of a size
   * Q divides (Q = 1: none).
   */
  lanes?: number;
  /**
   * P (with `lanes`; default 1): the scan split along L into P chunks, run as B·P batch rows of
   * L/P steps after an aggregate pass and a pass for the chunks' start states (three dispatches,
   * selectiveForwardDispatch): P times the threads for few long
   * sequences. P must divide L.
   */
  chunks?: number;
}

/**
 * CH = 32, S = 4, K = 8, NB = 4, B/C staged: four warps, each 32 channels of one segment (so a
 * warp reads one staged B/C row address: a broadcast), tiles of 32 steps, 28 KiB at N = 16.
 * The fastest of ~40 variants on the H100 at B·L·D = 2^24 (bench/results/wgsl-notes.md).
 */
export const DEFAULT_SELECTIVE_TILE: ScanTile = { channels: 32, segments: 4, steps: 8, stateBlock: 4 };

/**
 * Threads below which the selective forward doubles S (B·D·S threads in all): measured on the
 * H100, S = 8 beat S = 4 at B·D = 4096 (16 K threads at S = 4) and lost at B·D = 8192.
 */
export const SELECTIVE_MIN_THREADS = 32768;

/**
 * The state-lanes kernel (Q = 4 lanes per channel, CH = 32) replaces the segmented one from
 * B·D·4 threads up, on devices with subgroups of a size 4 divides, for N ≤ 16 with 4 | N:
 * measured on the H100 (bench/results/wgsl-notes.md, runs 16–19) it is 4–7 % faster at
 * B·D = 16384 (8 steps per iteration) and 16 % faster at B·D = 32768 (4 steps: fewer registers,
 * more warps), and 16 % slower at B·D = 8192 (too few threads to hide its latency).
 */
export const LANES_MIN_THREADS = 65536;
/** Threads from which the state lanes walk 4 steps per loop iteration instead of 8. */
export const LANES_SHORT_THREADS = 131072;

/** The state-lanes tile the rule picks for B, D, N on a device of subgroup size `sg`, or null. */
export function lanesTileFor(Bn: number, D: number, N: number, sg: number): ScanTile | null {
  if (!lanesFit(N, sg) || Bn * D * 4 < LANES_MIN_THREADS) return null;
  return lanesTile(Bn * D * 4);
}

/** Whether the rule's state lanes (Q = 4, one vec4 per lane) run N states on subgroups of `sg`. */
function lanesFit(N: number, sg: number): boolean {
  return sg !== 0 && sg % 4 === 0 && N % 4 === 0 && N <= 16;
}

/** The rule's state-lanes tile for `threads` = B·D·4 (B·P·D·4 when split along L into `chunks`). */
function lanesTile(threads: number, chunks?: number): ScanTile {
  const t: ScanTile = {
    channels: 32,
    segments: 1,
    steps: threads >= LANES_SHORT_THREADS ? 4 : 8,
    stateBlock: 4,
    lanes: 4,
  };
  return chunks === undefined ? t : { ...t, chunks };
}

/**
 * Batch × channels up to which a scan is split along L (state lanes with chunks): measured on
 * the H100 (bench/results/wgsl-notes.md, runs 24–25) the split is 1.7–3.3× faster than the
 * segmented kernel at B·D = 1024–2048 and 15 % slower at B·D = 4096.
 */
export const SPLIT_MAX_CHANNELS = 2048;
/** The shortest chunk of an L split. */
export const SPLIT_MIN_CHUNK = 128;
/**
 * B·L·D from which an L split is taken: its three dispatches cost ~0.17 ms more host and
 * submission time per call (H100, run 25: (2, 2048, 256) took 0.029 ms of GPU time against
 * 0.125 unsplit, but 0.224 ms per pipelined call against 0.154).
 */
export const SPLIT_MIN_ELEMENTS = 2 ** 22;

/**
 * The L-split tile for B, D, N, L on a device of subgroup size `sg`, or null: when B·D ≤
 * SPLIT_MAX_CHANNELS and B·L·D ≥ SPLIT_MIN_ELEMENTS, P = the smallest power of two with B·P·D·4 ≥ LANES_SHORT_THREADS (the
 * state lanes then walk 4 steps per iteration), kept dividing L with chunks of at least
 * SPLIT_MIN_CHUNK steps (null when that leaves P < 2).
 */
export function splitTileFor(Bn: number, D: number, N: number, L: number, sg: number): ScanTile | null {
  if (!lanesFit(N, sg) || Bn * D > SPLIT_MAX_CHANNELS || Bn * L * D < SPLIT_MIN_ELEMENTS) return null;
  let P = 1;
  while (Bn * P * D * 4 < LANES_SHORT_THREADS && L % (2 * P) === 0 && L / (2 * P) >= SPLIT_MIN_CHUNK) P *= 2;
  return P < 2 ? null : lanesTile(Bn * P * D * 4, P);
}

/** Whether B and C tiles are staged: every workgroup's channels read one B/C group (and the tile allows it). */
export function stagesBC(tile: ScanTile, D: number, G: number): boolean {
  return tile.stage !== false && (G === 1 || (D / G) % tile.channels === 0);
}

/** Bytes of workgroup memory the selective forward needs for `tile`. */
export function selectiveSharedBytes(tile: ScanTile, N: number, staged: boolean): number {
  const { channels: CH, segments: S, steps: K, stateBlock: NB } = tile;
  const H = tile.split ?? 1;
  const W = Math.min(NB, 4);
  if (tile.lanes) return 0;
  const agg = tile.subgroup ? 0 : 4 * NB * H * S * CH;
  return 4 * ((staged ? 2 * S * K * (2 * N + W) : 0) + agg + (H - 1) * K * S * CH + 2 * N * CH);
}

/** Bytes of workgroup memory the linear scan needs for `tile`. */
export function linearSharedBytes(tile: ScanTile): number {
  return 4 * 4 * tile.segments * tile.channels;
}

function pow2AtLeast(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** The largest power of two ≤ `cap` that divides n. */
function blockOf(n: number, cap: number): number {
  let b = 1;
  while (b * 2 <= cap && n % (b * 2) === 0) b *= 2;
  return b;
}

/** Why state block NB and split H do not fit N (null when they do). */
export function splitProblem(N: number, NB: number, H: number): string | null {
  if (N % NB !== 0) return `stateBlock ${NB} must divide N = ${N}`;
  const blocks = N / Math.min(NB, 4);
  const G2 = NB / Math.min(NB, 4);
  if (![1, 2, 4].includes(H)) return `split must be 1, 2 or 4, got ${H}`;
  if (blocks % (H * G2) !== 0) return `split ${H} × stateBlock ${NB} must divide N = ${N} into whole blocks`;
  return null;
}

/** The lanes of the subgroup layout (`subgroup` or `laneLayout`), 0 for the plain layout. */
export function laneWidth(tile: ScanTile): number {
  return tile.subgroup || tile.laneLayout || 0;
}

/** Checks a tile against the device; null when it fits, else why not. */
export function tileProblem(
  tile: ScanTile,
  threadsLimit: number,
  shared: number,
  sharedLimit: number,
): string | null {
  const { channels: CH, segments: S, steps: K, stateBlock: NB } = tile;
  for (const [name, v] of [
    ['channels', CH],
    ['segments', S],
    ['steps', K],
    ['stateBlock', NB],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) return `${name} must be a positive integer, got ${v}`;
  }
  if (K > 32) return `steps ${K} > 32 (unrolled in the shader)`;
  if (![1, 2, 4, 8, 16].includes(NB)) return `stateBlock must be 1, 2, 4, 8 or 16, got ${NB}`;
  const threads = CH * S * (tile.split ?? 1);
  const lw = laneWidth(tile);
  if (tile.subgroup && tile.laneLayout) return 'subgroup and laneLayout exclude each other';
  if (tile.subgroupLog && !tile.subgroup) return 'subgroupLog needs subgroup';
  if (tile.chunks !== undefined && tile.lanes === undefined) return 'chunks needs lanes';
  if (tile.lanes !== undefined) {
    if (S !== 1) return `lanes needs segments 1, got ${S}`;
    if (tile.subgroup || tile.laneLayout || (tile.split ?? 1) !== 1)
      return 'lanes excludes subgroup, laneLayout and split';
    if (tile.chunks !== undefined && (!Number.isInteger(tile.chunks) || tile.chunks < 1))
      return `chunks must be a positive integer, got ${tile.chunks}`;
    const t = CH * tile.lanes;
    if (t > threadsLimit) return `${t} threads > maxComputeInvocationsPerWorkgroup ${threadsLimit}`;
    return null;
  }
  if (lw !== 0) {
    if (!Number.isInteger(Math.log2(lw)) || lw < 1) return `subgroup ${lw} must be a power of two`;
    if ((tile.split ?? 1) !== 1) return 'subgroup needs split 1';
    if (lw % S !== 0) return `segments ${S} must divide the subgroup size ${lw}`;
    if ((CH * S) % lw !== 0)
      return `channels × segments ${CH * S} must be a multiple of the subgroup size ${lw}`;
  }
  if (threads > threadsLimit) return `${threads} threads > maxComputeInvocationsPerWorkgroup ${threadsLimit}`;
  if (shared > sharedLimit) return `${shared} bytes of workgroup memory > ${sharedLimit}`;
  return null;
}

/**
 * The tile of the selective forward: the state lanes (lanesTileFor) when B·D is large enough
 * and the device's fixed subgroup size `subgroupSize` (0: none) allows them; else the segmented
 * default (measured on the H100: README) when it fits the device, with CH shrunk for narrow D
 * (idle lanes), S doubled when B·D·S would stay under SELECTIVE_MIN_THREADS, and NB, K, S
 * shrunk until the workgroup memory fits. `override` (benchmarks, tests) replaces fields and
 * must fit.
 */
export function chooseSelectiveTile(
  Bn: number,
  D: number,
  N: number,
  G: number,
  limits: Pick<WgslLimits, 'maxComputeInvocationsPerWorkgroup' | 'maxComputeWorkgroupStorageSize'>,
  override: Partial<ScanTile> = {},
  subgroupSize = 0,
  L = 0,
): { tile: ScanTile; staged: boolean } {
  const threads = limits.maxComputeInvocationsPerWorkgroup;
  const sharedLimit = limits.maxComputeWorkgroupStorageSize;
  const fits = (t: ScanTile) => {
    const staged = !t.lanes && stagesBC(t, D, G);
    const problem =
      (t.lanes ? lanesProblem(N, t.lanes, t.steps) : splitProblem(N, t.stateBlock, t.split ?? 1)) ??
      tileProblem(t, threads, selectiveSharedBytes(t, N, staged), sharedLimit);
    return { staged, problem };
  };
  if (Object.keys(override).length > 0) {
    const t: ScanTile = { ...DEFAULT_SELECTIVE_TILE, ...override };
    const f = fits(t);
    if (f.problem) throw new RangeError(`selective tile ${JSON.stringify(t)}: ${f.problem}`);
    return { tile: t, staged: f.staged };
  }
  // enough batch × channels (and subgroups): the state lanes
  const lanes = lanesTileFor(Bn, D, N, subgroupSize) ?? splitTileFor(Bn, D, N, L, subgroupSize);
  if (lanes && !fits(lanes).problem) return { tile: lanes, staged: false };
  const CH = Math.min(DEFAULT_SELECTIVE_TILE.channels, Math.max(4, pow2AtLeast(D)));
  // more time segments when batch × channels alone leave the GPU short of threads
  const S0 =
    Bn * D * DEFAULT_SELECTIVE_TILE.segments < SELECTIVE_MIN_THREADS
      ? 2 * DEFAULT_SELECTIVE_TILE.segments
      : DEFAULT_SELECTIVE_TILE.segments;
  let t: ScanTile = {
    channels: CH,
    segments: Math.min(S0, Math.max(1, Math.floor(threads / CH))),
    steps: DEFAULT_SELECTIVE_TILE.steps,
    stateBlock: blockOf(N, DEFAULT_SELECTIVE_TILE.stateBlock),
    reload: DEFAULT_SELECTIVE_TILE.reload,
    polyExp: DEFAULT_SELECTIVE_TILE.polyExp,
    polyAct: DEFAULT_SELECTIVE_TILE.polyAct,
  };
  // shrink in order of least loss: NB (more barriers), then K, then S
  while (fits(t).problem) {
    if (t.stateBlock > 1) t = { ...t, stateBlock: t.stateBlock / 2 };
    else if (t.steps > 2) t = { ...t, steps: t.steps / 2 };
    else if (t.segments > 1) t = { ...t, segments: t.segments / 2 };
    else if (t.channels > 1) t = { ...t, channels: t.channels / 2 };
    else throw new RangeError(`no selective tile fits N = ${N}: ${fits(t).problem}`);
  }
  return { tile: t, staged: fits(t).staged };
}

/** The tile of the linear scan (no states: NB = 1), shrunk like the selective one. */
export function chooseLinearTile(
  D: number,
  limits: Pick<WgslLimits, 'maxComputeInvocationsPerWorkgroup' | 'maxComputeWorkgroupStorageSize'>,
  override: Partial<ScanTile> = {},
): ScanTile {
  const threads = limits.maxComputeInvocationsPerWorkgroup;
  const CH = override.channels ?? Math.min(32, Math.max(4, pow2AtLeast(D)));
  const t: ScanTile = {
    channels: CH,
    segments: override.segments ?? Math.min(8, Math.max(1, Math.floor(threads / CH))),
    steps: override.steps ?? 8,
    stateBlock: 1,
  };
  const p = tileProblem(t, threads, linearSharedBytes(t), limits.maxComputeWorkgroupStorageSize);
  if (p) throw new RangeError(`linear tile ${JSON.stringify(t)}: ${p}`);
  return t;
}

/**
 * Threads the selective backward's reverse aims for: spans as long as B·S·D·Q (Q lanes per
 * channel) still reaches it. Measured on the H100 at four shapes of 2^24 elements
 * (bench/results/wgsl-notes.md): one lane per channel (run 30, loads not yet ahead), spans of
 * 256 steps 1.91 ms, of 128 2.06, of 64 2.26, of 512 2.15, of 1024 3.64; with the loads ahead,
 * workgroup-memory sums (runs 41–42) 256: 2.48–2.54, 512: 2.61–2.68; Q = 2 lanes, 512 steps
 * (65536 lanes): 1.455–1.468, 256: 1.50–1.56, 1024: 1.645–1.652, 128: 1.59–1.70.
 */
export const BACKWARD_THREADS = 65536;

/**
 * The tile of the selective backward (wgsl-kernel-selective-backward.ts). On devices with a fixed
 * subgroup size SG the ∂B, ∂C sums go by subgroup shuffles (no workgroup memory, no barrier):
 * with a channel's states over Q = 2 lanes where its state blocks pair up (CH = SG/2; measured
 * on the H100, run 34: 1.75–1.77 ms against 1.89 with Q = 1 and 2.18 with Q = 4 at 2^24), else
 * one lane per channel (CH = SG) where SG divides 2N; otherwise CH = 32 channels summed in
 * workgroup memory (one warp on NVIDIA: the per-step barrier waits for no other warp; fewer for
 * narrow groups, halved until the memory fits). Chunks of T = 64/N steps (1 to 16: a thread
 * keeps T·N/Q floats of states in registers); spans of TS = T·2^k steps, the longest with
 * B·⌈L/TS⌉·D·Q ≥ BACKWARD_THREADS threads (and B·⌈L/TS⌉ ≤ 65535 workgroups). The walks'
 * loads an iteration ahead and each chunk's loads hoisted (`prefetch`, `hoist`; measured on the
 * H100, run 38: 1.50–1.56 ms against 1.75–1.78 without, at 2^24). With subgroup sums the reverse
 * keeps its decays (`keepDecays`; run 45: −0 to −1.4 % at 2^24; with the workgroup-memory sums
 * it cost 7 %, so it follows the sums unless given). `override` must fit.
 */
export function chooseBackwardTile(
  Bn: number,
  L: number,
  D: number,
  G: number,
  N: number,
  limits: Pick<
    WgslLimits,
    | 'maxComputeInvocationsPerWorkgroup'
    | 'maxComputeWorkgroupStorageSize'
    | 'maxComputeWorkgroupsPerDimension'
  >,
  override: Partial<BackwardTile> = {},
  subgroupSize = 0,
): BackwardTile {
  const sharedLimit = limits.maxComputeWorkgroupStorageSize;
  const problem = (t: BackwardTile) => {
    const p = backwardTileProblem(t, N);
    if (p) return p;
    if (t.subgroup !== undefined && t.subgroup !== subgroupSize)
      return `subgroup ${t.subgroup}: the device's fixed subgroup size is ${subgroupSize || 'none'}`;
    if (t.channels > limits.maxComputeInvocationsPerWorkgroup)
      return `${t.channels} threads > maxComputeInvocationsPerWorkgroup ${limits.maxComputeInvocationsPerWorkgroup}`;
    if (Bn * Math.ceil(L / t.span) > limits.maxComputeWorkgroupsPerDimension)
      return `B·⌈L/span⌉ = ${Bn * Math.ceil(L / t.span)} workgroups > ${limits.maxComputeWorkgroupsPerDimension}`;
    const bytes = t.subgroup ? 0 : backwardSharedBytes(N, t.channels);
    return bytes > sharedLimit ? `${bytes} bytes of workgroup memory > ${sharedLimit}` : null;
  };
  const T = override.steps ?? Math.min(16, Math.max(1, 2 ** Math.floor(Math.log2(64 / N))));
  // subgroup sums: a channel's states over 2 lanes where its blocks pair up, else one lane
  const blocks = N / backwardBlockWidth(N);
  const Q2 = subgroupSize >= 4 && blocks % 2 === 0 ? 2 : 1;
  const sg = subgroupSize >= 2 && (Q2 > 1 || (2 * N) % subgroupSize === 0) ? subgroupSize : 0;
  const Q = sg ? Q2 : 1;
  // the reverse runs B·⌈L/TS⌉·D·Q threads: the longest span (a multiple of the chunk T) that
  // keeps BACKWARD_THREADS of them
  const fewest = Math.ceil((Bn * L) / limits.maxComputeWorkgroupsPerDimension);
  const spanFor = (T: number, Q: number) => {
    let span = T;
    while (span < L && (Bn * Math.ceil(L / (2 * span)) * D * Q >= BACKWARD_THREADS || span < fewest))
      span *= 2;
    return span;
  };
  const span = spanFor(T, Q);
  const loads = { prefetch: true, hoist: true };
  const auto: BackwardTile = sg
    ? {
        channels: sg / Q,
        steps: T,
        span,
        subgroup: sg,
        ...(Q > 1 ? { lanes: Q } : {}),
        ...loads,
        keepDecays: true,
      }
    : { channels: Math.min(32, Math.max(4, pow2AtLeast(D / G))), steps: T, span, ...loads };
  if (Object.keys(override).length > 0) {
    const t: BackwardTile = { ...auto, ...override };
    // an override of the channels or subgroup runs one lane per channel unless it names lanes;
    // of the channels alone, the workgroup-memory sums
    if ((override.channels !== undefined || override.subgroup !== undefined) && override.lanes === undefined)
      delete t.lanes;
    if (override.channels !== undefined && override.subgroup === undefined) delete t.subgroup;
    if (override.keepDecays === undefined) {
      if (t.subgroup) t.keepDecays = true;
      else delete t.keepDecays;
    }
    // the span for the lanes and chunk that result, unless given
    if (override.span === undefined) t.span = spanFor(t.steps, t.lanes ?? 1);
    const p = problem(t);
    if (p) throw new RangeError(`selective backward tile ${JSON.stringify(t)}: ${p}`);
    return t;
  }
  let t = auto;
  while (problem(t)) {
    if (t.channels === 1 || t.subgroup)
      throw new RangeError(`no selective backward tile fits N = ${N}: ${problem(t)}`);
    t = { ...t, channels: t.channels / 2 };
  }
  return t;
}
