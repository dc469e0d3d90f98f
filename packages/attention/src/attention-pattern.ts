// Structural attention masks, generated on the fly: causal, sliding window (band), global tokens
// (Longformer), and their unions and intersections.
//
// A pattern answers two questions and never stores an Lq × Lk matrix:
//   allows(p, j)                 may the query at absolute position p see key j?
//   coverage(p0, p1, j0, j1)     for the tile of positions [p0, p1) × keys [j0, j1): is no pair
//                                visible ('empty'), every pair ('full'), or some ('partial')?
// The tiled kernel skips empty tiles and tests pairs only inside partial ones, so a sliding window
// of width w costs O(L·w), not O(L²).
//
// Positions: query row i of a call with Lq queries and Lk keys sits at absolute position
// p = i + (Lk − Lq): the queries are the *last* Lq positions of the key sequence (bottom-right
// alignment). That is what KV-cached decoding needs: after a cache of Lk − Lq tokens, the new
// queries are positions Lk − Lq .. Lk − 1 and causal attention keeps key j when j ≤ p.
import { ValueError } from '@seqmod/tensor';

export type Coverage = 'empty' | 'partial' | 'full';

export interface AttentionPattern {
  /** A short description for messages and docs. */
  readonly name: string;
  /** Whether the query at absolute position p may attend to key j. */
  allows(p: number, j: number): boolean;
  /** Visibility of the tile [p0, p1) × [j0, j1) (half-open, non-empty ranges). */
  coverage(p0: number, p1: number, j0: number, j1: number): Coverage;
}

/**
 * Keys within a band around the query's position: p − left ≤ j ≤ p + right. `left`/`right` may be
 * Infinity. Causal attention is band(∞, 0); a causal sliding window of w keys is band(w − 1, 0).
 */
export function bandPattern(left: number, right: number): AttentionPattern {
  for (const [n, v] of [
    ['left', left],
    ['right', right],
  ] as const) {
    if (!(v >= 0) || (Number.isFinite(v) && !Number.isInteger(v))) {
      throw new ValueError('bandPattern', `${n} must be a non-negative integer or Infinity, got ${v}`);
    }
  }
  return {
    name: `band(${left}, ${right})`,
    allows: (p, j) => j >= p - left && j <= p + right,
    coverage: (p0, p1, j0, j1) => {
      const pMax = p1 - 1;
      const jMax = j1 - 1;
      // Some row sees some key when the key range meets [p0 − left, pMax + right].
      if (jMax < p0 - left || j0 > pMax + right) return 'empty';
      // Every row sees every key when the key range lies inside every row's band.
      if (j0 >= pMax - left && jMax <= p0 + right) return 'full';
      return 'partial';
    },
  };
}

/** Causal attention: key j is visible from position p when j ≤ p. */
export function causalPattern(): AttentionPattern {
  const band = bandPattern(Number.POSITIVE_INFINITY, 0);
  return { ...band, name: 'causal' };
}

export interface SlidingWindowOptions {
  /** Keys before the query that it sees (the query itself is always seen). */
  left: number;
  /** Keys after the query that it sees; 0 (default) is causal local attention. */
  right?: number;
}

/** Local attention: the query at p sees keys p − left .. p + right. */
export function slidingWindowPattern(opts: SlidingWindowOptions): AttentionPattern {
  const band = bandPattern(opts.left, opts.right ?? 0);
  return { ...band, name: `sliding window (left ${opts.left}, right ${opts.right ?? 0})` };
}

/** Number of sorted values in [lo, hi). */
function countIn(sorted: readonly number[], lo: number, hi: number): number {
  const lower = (x: number) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m]! < x) a = m + 1;
      else b = m;
    }
    return a;
  };
  return lower(hi) - lower(lo);
}

/**
 * Global tokens (Longformer): a global position attends to every key, and every query attends to
 * every global key. Alone it allows only those pairs; combine it with a band by `unionPatterns`.
 */
export function globalTokensPattern(positions: readonly number[]): AttentionPattern {
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 0)
      throw new ValueError('globalTokensPattern', `positions must be non-negative integers, got ${p}`);
  }
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const set = new Set(sorted);
  return {
    name: `global [${sorted.join(', ')}]`,
    allows: (p, j) => set.has(j) || set.has(p),
    coverage: (p0, p1, j0, j1) => {
      const keys = countIn(sorted, j0, j1);
      const rows = countIn(sorted, p0, p1);
      if (keys === j1 - j0 || rows === p1 - p0) return 'full';
      return keys > 0 || rows > 0 ? 'partial' : 'empty';
    },
  };
}

/** Pairs allowed by any of the patterns. */
export function unionPatterns(...patterns: AttentionPattern[]): AttentionPattern {
  if (patterns.length === 0) throw new ValueError('unionPatterns', 'needs at least one pattern');
  return {
    name: patterns.map((p) => p.name).join(' ∪ '),
    allows: (p, j) => patterns.some((x) => x.allows(p, j)),
    coverage: (p0, p1, j0, j1) => {
      let any = false;
      for (const x of patterns) {
        const c = x.coverage(p0, p1, j0, j1);
        if (c === 'full') return 'full';
        if (c === 'partial') any = true;
      }
      return any ? 'partial' : 'empty';
    },
  };
}

/** Pairs allowed by all of the patterns. */
export function intersectPatterns(...patterns: AttentionPattern[]): AttentionPattern {
  if (patterns.length === 0) throw new ValueError('intersectPatterns', 'needs at least one pattern');
  if (patterns.length === 1) return patterns[0]!;
  return {
    name: patterns.map((p) => p.name).join(' ∩ '),
    allows: (p, j) => patterns.every((x) => x.allows(p, j)),
    coverage: (p0, p1, j0, j1) => {
      let all = true;
      for (const x of patterns) {
        const c = x.coverage(p0, p1, j0, j1);
        if (c === 'empty') return 'empty';
        if (c === 'partial') all = false;
      }
      return all ? 'full' : 'partial';
    },
  };
}

export interface LongformerOptions {
  /** Keys before each query in its local window. */
  left: number;
  /** Keys after each query (default: `left`, a symmetric window; 0 with `causal`). */
  right?: number;
  /** Positions with global attention. */
  global?: readonly number[];
  /** Additionally forbid keys after the query. */
  causal?: boolean;
}

/** Longformer's sparse pattern: a sliding window plus global tokens, optionally causal. */
export function longformerPattern(opts: LongformerOptions): AttentionPattern {
  const right = opts.right ?? (opts.causal ? 0 : opts.left);
  const parts = [bandPattern(opts.left, right)];
  if (opts.global && opts.global.length > 0) parts.push(globalTokensPattern(opts.global));
  const sparse = parts.length === 1 ? parts[0]! : unionPatterns(...parts);
  return opts.causal ? intersectPatterns(sparse, causalPattern()) : sparse;
}

/**
 * The pattern of one call as a dense 0/1 matrix [Lq, Lk] (1 = visible), rows at positions
 * i + (Lk − Lq). For the plain path and tests only: this is the O(L²) object the tiled path avoids.
 */
export function patternKeepMatrix(pattern: AttentionPattern, Lq: number, Lk: number): Uint8Array {
  const keep = new Uint8Array(Lq * Lk);
  const offset = Lk - Lq;
  for (let i = 0; i < Lq; i++)
    for (let j = 0; j < Lk; j++) keep[i * Lk + j] = pattern.allows(i + offset, j) ? 1 : 0;
  return keep;
}
