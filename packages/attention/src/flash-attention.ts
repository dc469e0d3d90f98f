// Tiled attention with an online softmax: the FlashAttention algorithm (Dao et al. 2022) on the
// CPU. Same result as `scaledDotProductAttention` up to float rounding, forward and backward, in
// O(L) extra memory: the Lq × Lk matrices of logits and probabilities never exist. The backward
// pass is hand-written (flash-backward.ts) and recomputes each tile from the saved log-sum-exp.
//
// Supports grouped key/value heads, causal masking (bottom-right aligned, as the plain path),
// structural patterns (sliding window, global tokens: empty tiles are skipped, so local attention
// costs O(L·w)), ALiBi slopes and seeded dropout. Arbitrary dense masks are the plain path's job.
// Gradients flow to q, k and v; the backward pass is not itself differentiable (no double
// backward).
import { contiguous, fmtShape, fromArray, recordOp, type Tensor, ValueError } from '@seqmod/tensor';
import { checkDropout } from './attention-dropout';
import { type AttentionOptions, checkSlopes, resolvePattern, resolveScale } from './attention-options';
import { tiledBackward } from './flash-backward';
import { tiledForward } from './flash-forward';
import { checkHeads } from './head-shapes';
import type { TiledStats, TileProblem } from './tile-kernel';

export type { TiledStats } from './tile-kernel';

export interface FlashAttentionOptions extends AttentionOptions {
  /** Query rows per tile (default 64). */
  blockQ?: number;
  /** Keys per tile (default 64). */
  blockK?: number;
  /** Filled with the kernel's scratch size and tile counts of the forward pass. */
  stats?: TiledStats;
}

export interface FlashAttentionResult {
  /** [B, H, Lq, dv], differentiable */
  out: Tensor;
  /** [B, H, Lq] log-sum-exp of each row's logits (−∞ where a row sees no key); a constant */
  lse: Tensor;
}

function checkBlock(op: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0)
    throw new ValueError(op, `${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Tiled attention returning the log-sum-exp too. q: [B, H, Lq, d], k: [B, Hkv, Lk, d],
 * v: [B, Hkv, Lk, dv] -> out: [B, H, Lq, dv], lse: [B, H, Lq].
 */
export function flashAttentionWithLse(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: FlashAttentionOptions = {},
): FlashAttentionResult {
  const op = 'flashAttention';
  const dims = checkHeads(op, q, k, v);
  const { B, H, Lq, dv } = dims;
  const qc = contiguous(q.detach());
  const kc = contiguous(k.detach());
  const vc = contiguous(v.detach());
  const pr: TileProblem = {
    ...dims,
    q: qc.data,
    qOffset: qc.offset,
    k: kc.data,
    kOffset: kc.offset,
    v: vc.data,
    vOffset: vc.offset,
    scale: resolveScale(op, opts, dims.d),
    pattern: resolvePattern(opts),
    slopes: checkSlopes(op, opts.alibiSlopes, H),
    dropout: checkDropout(op, opts.dropout),
    blockQ: checkBlock(op, 'blockQ', opts.blockQ ?? 64),
    blockK: checkBlock(op, 'blockK', opts.blockK ?? 64),
  };
  if (opts.stats) Object.assign(opts.stats, { scratchElements: 0, tilesComputed: 0, tilesSkipped: 0 });
  const fwd = tiledForward(pr, opts.stats);
  const out = fromArray(fwd.out, [B, H, Lq, dv]);
  recordOp(op, [q, k, v], [out], ([g]) => {
    const gc = contiguous(g!);
    if (gc.size !== out.size)
      throw new ValueError(
        op,
        `gradient of ${gc.size} elements for an output of shape ${fmtShape(out.shape)}`,
      );
    const grads = tiledBackward(pr, fwd.out, fwd.lse, gc.data, gc.offset);
    return [
      q.requiresGrad ? fromArray(grads.dq, q.shape) : null,
      k.requiresGrad ? fromArray(grads.dk, k.shape) : null,
      v.requiresGrad ? fromArray(grads.dv, v.shape) : null,
    ];
  });
  const lse = fromArray(q.dtype === 'float64' ? fwd.lse : Float32Array.from(fwd.lse), [B, H, Lq]);
  return { out, lse };
}

/** Tiled attention: same value and gradients as scaledDotProductAttention, O(L) memory. Shapes as there. */
export function flashAttention(q: Tensor, k: Tensor, v: Tensor, opts: FlashAttentionOptions = {}): Tensor {
  return flashAttentionWithLse(q, k, v, opts).out;
}
