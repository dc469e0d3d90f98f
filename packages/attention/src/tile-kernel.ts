// What the tiled attention kernels share: the problem description, the gemm for the dtype, and
// the recomputation of one tile of logits (forward and backward must produce identical logits,
// bit for bit, so that the saved log-sum-exp normalises the recomputed tile exactly).
import type { Gemm, TypedArray } from '@seqmod/tensor';
import type { AttentionDropout } from './attention-dropout';
import type { AttentionPattern, Coverage } from './attention-pattern';

/** One tiled attention problem: contiguous q [B, H, Lq, d], k [B, Hkv, Lk, d], v [B, Hkv, Lk, dv]. */
export interface TileProblem {
  B: number;
  H: number;
  Hkv: number;
  Lq: number;
  Lk: number;
  d: number;
  dv: number;
  q: TypedArray;
  qOffset: number;
  k: TypedArray;
  kOffset: number;
  v: TypedArray;
  vOffset: number;
  scale: number;
  pattern: AttentionPattern | null;
  slopes: readonly number[] | null;
  dropout: AttentionDropout | null;
  blockQ: number;
  blockK: number;
}

/** Counters a caller can pass in to see what the kernel did (the tests use them). */
export interface TiledStats {
  /** Elements of scratch memory the kernel allocated (tiles and per-row statistics; independent of L). */
  scratchElements: number;
  /** Tiles whose logits were computed. */
  tilesComputed: number;
  /** Tiles skipped because the pattern hides every pair in them. */
  tilesSkipped: number;
}

export function tileCoverage(pr: TileProblem, p0: number, p1: number, j0: number, j1: number): Coverage {
  return pr.pattern ? pr.pattern.coverage(p0, p1, j0, j1) : 'full';
}

/**
 * Writes the logits of rows [i0, i0 + rows) × keys [j0, j0 + cols) of head h into s (row stride
 * cols): (scale·q) kᵀ, plus the ALiBi bias, with hidden pairs set to −∞. `qs` holds the scaled
 * query rows of this tile (row stride d).
 */
export function tileLogits(
  pr: TileProblem,
  gemm: Gemm,
  h: number,
  kBase: number,
  qs: TypedArray,
  i0: number,
  rows: number,
  j0: number,
  cols: number,
  coverage: Coverage,
  s: TypedArray,
): void {
  const { d } = pr;
  // B[p, j] = k[j0 + j, p]: the key tile read transposed through its strides.
  gemm(rows, cols, d, qs, 0, d, 1, pr.k, kBase + j0 * d, 1, d, s, 0, cols, false);
  const offset = pr.Lk - pr.Lq;
  if (pr.slopes) {
    const slope = pr.slopes[h]!;
    for (let r = 0; r < rows; r++) {
      const p = i0 + r + offset;
      for (let c = 0; c < cols; c++) s[r * cols + c]! += slope * (j0 + c - p);
    }
  }
  if (coverage === 'partial') {
    const pattern = pr.pattern!;
    for (let r = 0; r < rows; r++) {
      const p = i0 + r + offset;
      for (let c = 0; c < cols; c++)
        if (!pattern.allows(p, j0 + c)) s[r * cols + c] = Number.NEGATIVE_INFINITY;
    }
  }
}

/** Copies the query rows [i0, i0 + rows) of the head starting at qBase into qs, times the scale. */
export function scaledQueryTile(
  pr: TileProblem,
  qBase: number,
  i0: number,
  rows: number,
  qs: TypedArray,
): void {
  const { d, q, scale } = pr;
  const from = qBase + i0 * d;
  for (let x = 0; x < rows * d; x++) qs[x] = q[from + x]! * scale;
}
