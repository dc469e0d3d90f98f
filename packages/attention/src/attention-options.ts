// Options shared by the plain and the tiled attention paths, and how they combine into one
// structural pattern.
import { ValueError } from '@seqmod/tensor';
import type { AttentionDropout } from './attention-dropout';
import { type AttentionPattern, causalPattern, intersectPatterns } from './attention-pattern';

export interface AttentionOptions {
  /**
   * Causal masking with bottom-right alignment: query i (of Lq) keeps key j (of Lk) when
   * j ≤ i + (Lk − Lq). With Lq = Lk that is j ≤ i; with a KV cache of Lk − Lq earlier tokens it
   * lets each new query see the whole cache and the new tokens up to itself.
   */
  causal?: boolean;
  /** A structural mask generated on the fly (sliding window, global tokens, ...); intersected with `causal`. */
  pattern?: AttentionPattern;
  /** Logit scale; default 1/sqrt(d). */
  scale?: number;
  /** ALiBi slopes, one per query head: adds slope_h · (j − p_i) to the logits. */
  alibiSlopes?: readonly number[];
  /** Dropout on the attention probabilities (training); seeded, see attention-dropout.ts. */
  dropout?: AttentionDropout;
}

/** The single structural pattern of a call, or null when every pair is visible. */
export function resolvePattern(opts: AttentionOptions): AttentionPattern | null {
  const parts: AttentionPattern[] = [];
  if (opts.causal) parts.push(causalPattern());
  if (opts.pattern) parts.push(opts.pattern);
  if (parts.length === 0) return null;
  return intersectPatterns(...parts);
}

export function resolveScale(op: string, opts: AttentionOptions, d: number): number {
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  if (!Number.isFinite(scale)) throw new ValueError(op, `scale must be finite, got ${scale}`);
  return scale;
}

export function checkSlopes(
  op: string,
  slopes: readonly number[] | undefined,
  H: number,
): readonly number[] | null {
  if (!slopes) return null;
  if (slopes.length !== H)
    throw new ValueError(op, `alibiSlopes needs one slope per query head (${H}), got ${slopes.length}`);
  return slopes;
}
