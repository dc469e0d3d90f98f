// Scaled dot-product attention, the plain path (Vaswani et al. 2017, "Attention Is All You Need").
//
// Glossary
//   q [B, H, Lq, d]    queries;  k [B, Hkv, Lk, d] keys;  v [B, Hkv, Lk, dv] values
//   s                  scale of the logits, 1/sqrt(d) by default
//   S = s·q kᵀ + M     logits [B, H, Lq, Lk]; M collects the additive mask, ALiBi bias and −∞ for
//                      pairs hidden by a boolean mask, causal masking or a structural pattern
//   P = softmax(S)     along the keys; out = P v (P with dropout applied, when asked)
//
// Matches torch.nn.functional.scaled_dot_product_attention's math (written out as
// softmax(q kᵀ·scale + mask) v), except for two documented choices:
//  - causal masking is bottom-right aligned for Lq ≠ Lk (key j kept for query i when
//    j ≤ i + (Lk − Lq)), the alignment KV-cached decoding needs (torch 2.x's is_causal is top-left);
//  - a query row that can see no key at all yields a zero output (as FlashAttention does) rather
//    than torch's NaN, and a zero gradient.
// Every op is a differentiable @seqmod/tensor op, so autograd gives the backward pass. This path
// materialises the Lq × Lk matrix; `flashAttention` computes the same thing in O(L) memory.
import {
  add,
  allocate,
  type DType,
  fmtShape,
  fromArray,
  matmul,
  mul,
  reshape,
  ShapeError,
  softmax,
  type Tensor,
  transpose,
  where,
} from '@seqmod/tensor';
import { alibiBias } from './alibi';
import { attentionDropoutMask, checkDropout } from './attention-dropout';
import { type AttentionOptions, checkSlopes, resolvePattern, resolveScale } from './attention-options';
import { patternKeepMatrix } from './attention-pattern';
import { checkHeads, type HeadDims } from './head-shapes';

export interface SdpaOptions extends AttentionOptions {
  /** Additive mask broadcastable to [B, H, Lq, Lk] (e.g. [Lq, Lk]); −∞ hides a key. */
  mask?: Tensor;
  /**
   * Boolean mask broadcastable to [B, H, Lq, Lk]: nonzero where the query may attend to the key
   * (the convention of torch's scaled_dot_product_attention; nn.MultiheadAttention's boolean
   * masks mean the opposite).
   */
  keep?: Tensor;
}

export interface AttentionWithWeights {
  /** [B, H, Lq, dv] */
  out: Tensor;
  /** The attention probabilities [B, H, Lq, Lk], after dropout when dropout is on. */
  weights: Tensor;
}

/** Checks that a mask broadcasts to [B, H, Lq, Lk]. */
function checkMask(op: string, name: string, m: Tensor, dims: HeadDims): void {
  const target = [dims.B, dims.H, dims.Lq, dims.Lk];
  const ok = m.ndim >= 2 && m.ndim <= 4 && m.shape.every((n, i) => n === 1 || n === target[4 - m.ndim + i]);
  if (!ok)
    throw new ShapeError(op, `${name} must broadcast to ${fmtShape(target)}, got ${fmtShape(m.shape)}`);
}

/** 0 where visible, −∞ where hidden, for a dense 0/1 keep matrix [Lq, Lk]. */
function hiddenToMinusInf(keep: Uint8Array, Lq: number, Lk: number, dtype: DType): Tensor {
  const out = allocate(dtype, Lq * Lk);
  for (let i = 0; i < out.length; i++) out[i] = keep[i] ? 0 : Number.NEGATIVE_INFINITY;
  return fromArray(out, [Lq, Lk]);
}

/** Row flags [.., Lq, 1]: 1 where the row has at least one finite logit. Null when every row does. */
function visibleRows(logits: Tensor): Tensor | null {
  const Lk = logits.shape[logits.ndim - 1]!;
  const c = logits.contiguous();
  const rows = c.size / Math.max(Lk, 1);
  let flags: ReturnType<typeof allocate> | null = null;
  for (let r = 0; r < rows; r++) {
    const base = c.offset + r * Lk;
    let seen = false;
    for (let j = 0; j < Lk && !seen; j++) seen = c.data[base + j]! !== Number.NEGATIVE_INFINITY;
    if (!seen) {
      flags ??= allocate(logits.dtype, rows).fill(1);
      flags[r] = 0;
    }
  }
  return flags ? fromArray(flags, [...logits.shape.slice(0, -1), 1]) : null;
}

/** softmax over keys with rows that see nothing set to zero (and given a zero gradient, never NaN). */
function softmaxOrZero(logits: Tensor): Tensor {
  const rows = visibleRows(logits);
  if (!rows) return softmax(logits, -1);
  // Neutralise the empty rows before the softmax so that neither value nor gradient is NaN.
  return mul(softmax(where(rows, logits, 0), -1), rows);
}

function attend(op: string, q: Tensor, k: Tensor, v: Tensor, opts: SdpaOptions): AttentionWithWeights {
  const dims = checkHeads(op, q, k, v);
  const { B, H, Lq, Lk, group } = dims;
  const scale = resolveScale(op, opts, dims.d);
  const slopes = checkSlopes(op, opts.alibiSlopes, H);
  const drop = checkDropout(op, opts.dropout);
  // Grouped heads without copying keys: the `group` query heads of one key/value head are stacked
  // along the rows, [B, Hkv, group·Lq, d], and multiplied by that head's keys once.
  const Hkv = H / group;
  const qRows = group === 1 ? q : reshape(q, [B, Hkv, group * Lq, dims.d]);
  let logits = matmul(mul(qRows, scale), transpose(k));
  if (group > 1) logits = reshape(logits, [B, H, Lq, Lk]);
  if (opts.mask) {
    checkMask(op, 'mask', opts.mask, dims);
    logits = add(logits, opts.mask.dtype === q.dtype ? opts.mask : opts.mask.to(q.dtype));
  }
  if (opts.keep) {
    checkMask(op, 'keep', opts.keep, dims);
    logits = add(logits, where(opts.keep.detach(), 0, Number.NEGATIVE_INFINITY).to(q.dtype));
  }
  if (slopes) logits = add(logits, alibiBias(slopes, Lq, Lk, q.dtype));
  const pattern = resolvePattern(opts);
  if (pattern) logits = add(logits, hiddenToMinusInf(patternKeepMatrix(pattern, Lq, Lk), Lq, Lk, q.dtype));
  let weights = softmaxOrZero(logits);
  if (drop) weights = mul(weights, attentionDropoutMask({ B, H, Lq, Lk }, drop, q.dtype));
  const out =
    group === 1
      ? matmul(weights, v)
      : reshape(matmul(reshape(weights, [B, Hkv, group * Lq, Lk]), v), [B, H, Lq, dims.dv]);
  return { out, weights };
}

/**
 * softmax(q kᵀ·scale + mask) v. q: [B, H, Lq, d], k: [B, Hkv, Lk, d], v: [B, Hkv, Lk, dv]
 * -> out: [B, H, Lq, dv]. Hkv may divide H (grouped-query attention).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: SdpaOptions = {}): Tensor {
  return attend('scaledDotProductAttention', q, k, v, opts).out;
}

/** As scaledDotProductAttention, also returning the probabilities [B, H, Lq, Lk]. */
export function attentionWithWeights(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: SdpaOptions = {},
): AttentionWithWeights {
  return attend('attentionWithWeights', q, k, v, opts);
}
