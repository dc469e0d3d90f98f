// Cuts a scan into blocks whose every kernel array holds fewer than 2^24 elements.
//
// gpu.js does index arithmetic in float32 on several backends (GL texture coordinates, f32
// divisions on webasm, float-typed expressions in WGSL), and float32 holds every integer only up
// to 2^24: past it a flat index silently lands on a neighbour. Channels (and batch rows) of a
// scan are independent, so the scanner splits along them: batch rows first, then channels (whole
// groups of B/C when they fit, else channel ranges inside one group), until u-shaped arrays
// [Bb, L, Dc], B/C slices [Bb, L, Gc, N] and chunk carries [Bb, nC, Dc·N] are all below 2^24.
// Kernels also decode a combined axis x = d·N + n in float32, which needs x < 2^22, and
// WebGPU dispatches at most 65535 workgroups of 8 along an axis.
import { ValueError } from '@seqmod/tensor';

/** Every kernel array holds fewer elements than this. */
export const INDEX_LIMIT = 2 ** 24;
const AXIS_LIMIT = 65535 * 8;
const COMBINED_LIMIT = 2 ** 22;

export interface Block {
  /** batch rows [b0, b1) */
  b0: number;
  b1: number;
  /** channels [d0, d1) */
  d0: number;
  d1: number;
  /** groups of B/C read by those channels, [g0, g1) */
  g0: number;
  g1: number;
}

export interface BlockGeometry {
  batch: number;
  length: number;
  channels: number;
  /** N (1 for the linear scan) */
  state: number;
  /** G (1 for the linear scan) */
  groups: number;
  /** nC: stored chunk states per channel (0 when none) */
  chunks: number;
  /** whether B/C exist (the selective scan) */
  projections: boolean;
}

function fits(g: BlockGeometry, bb: number, dc: number, gc: number): boolean {
  const { length: L, state: N, chunks } = g;
  if (bb * L * dc >= INDEX_LIMIT) return false;
  if (g.projections && bb * L * gc * N >= INDEX_LIMIT) return false;
  if (bb * Math.max(chunks, 1) * dc * N >= INDEX_LIMIT) return false;
  if (dc * N > Math.min(COMBINED_LIMIT, AXIS_LIMIT)) return false;
  if (bb > 65535) return false;
  return true;
}

function largest(limit: number, ok: (v: number) => boolean): number {
  let lo = 0;
  let hi = limit;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Channel ranges (with their groups) that fit one batch row. */
function channelRanges(op: string, g: BlockGeometry): { d0: number; d1: number; g0: number; g1: number }[] {
  const { channels: D, groups: G } = g;
  const perGroup = D / G;
  if (fits(g, 1, D, G)) return [{ d0: 0, d1: D, g0: 0, g1: G }];
  const ranges: { d0: number; d1: number; g0: number; g1: number }[] = [];
  if (G > 1) {
    const gc = largest(G, (v) => v >= 1 && fits(g, 1, v * perGroup, v));
    if (gc >= 1) {
      for (let g0 = 0; g0 < G; g0 += gc) {
        const g1 = Math.min(G, g0 + gc);
        ranges.push({ d0: g0 * perGroup, d1: g1 * perGroup, g0, g1 });
      }
      return ranges;
    }
  }
  let dc = largest(perGroup, (v) => v >= 1 && fits(g, 1, v, 1));
  if (dc < 1) {
    throw new ValueError(
      op,
      `L = ${g.length} is too long to scan with 2^24-element kernel arrays (B/C rows alone exceed it)`,
    );
  }
  if (dc >= 8) dc -= dc % 4;
  for (let grp = 0; grp < G; grp++) {
    for (let d0 = grp * perGroup; d0 < (grp + 1) * perGroup; d0 += dc) {
      ranges.push({ d0, d1: Math.min((grp + 1) * perGroup, d0 + dc), g0: grp, g1: grp + 1 });
    }
  }
  return ranges;
}

/** The blocks of a scan, batch-major. */
export function planBlocks(op: string, g: BlockGeometry): Block[] {
  if (g.length > AXIS_LIMIT) throw new ValueError(op, `L must be at most ${AXIS_LIMIT}, got ${g.length}`);
  const ranges = channelRanges(op, g);
  let bb = g.batch;
  for (const r of ranges) {
    bb = Math.min(
      bb,
      largest(g.batch, (v) => v >= 1 && fits(g, v, r.d1 - r.d0, r.g1 - r.g0)),
    );
  }
  bb = Math.max(bb, 1);
  const blocks: Block[] = [];
  for (let b0 = 0; b0 < g.batch; b0 += bb) {
    for (const r of ranges) blocks.push({ b0, b1: Math.min(g.batch, b0 + bb), ...r });
  }
  return blocks;
}
