// Cross-entropy of class logits against integer targets, as torch.nn.functional.cross_entropy
// with class indices (ignore_index, label_smoothing, reduction), computed from log-softmax so no
// probability is ever rounded to zero before its log:
//
//   log p_c = x_c − logsumexp(x)
//   loss    = −(1 − ε)·log p_t − (ε / C)·Σ_c log p_c          (ε: label smoothing)
//
// Layout: classes are the LAST axis (logits [N, C] or [B, L, C], targets [N] or [B, L]), following
// seqmod's [batch, length, features] rule; torch puts classes on axis 1 ([B, C, L]), so
// torch.cross_entropy(x.transpose(1, 2), t) is the torch twin of crossEntropy(x, t).
//
// One fused op: the gradient is w_r·(softmax(x_r) − (1 − ε)·onehot(t_r) − ε/C) per row.
import { allocate, fmtShape, type Indices, recordOp, ShapeError, Tensor, ValueError } from '@seqmod/tensor';
import { checkReduction, type Reduction } from './reduction';

export interface CrossEntropyOptions {
  /** 'mean' (default): over the rows whose target is not ignored; 'sum'; 'none': per row. */
  reduction?: Reduction;
  /** Rows with this target add nothing to the loss or its gradient (default −100, as torch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target distribution is (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

function targetValues(
  op: string,
  targets: Indices,
  rowShape: readonly number[],
  rows: number,
): Int32Array | Float64Array {
  if (targets instanceof Tensor) {
    if (targets.ndim !== rowShape.length || targets.shape.some((d, i) => d !== rowShape[i])) {
      throw new ShapeError(
        op,
        `targets must have shape ${fmtShape(rowShape)} (the logits without the class axis), got ${fmtShape(targets.shape)}`,
      );
    }
    return Float64Array.from(targets.toArray());
  }
  if (targets.length !== rows)
    throw new ShapeError(op, `expected ${rows} targets (one per row of logits), got ${targets.length}`);
  return Float64Array.from(targets);
}

/**
 * logits: [..., C], targets: [...] class indices in [0, C) or ignoreIndex (a tensor of the row
 * shape, or a flat list with one entry per row) -> loss: [] ('mean', 'sum') or [...] ('none').
 * Differentiable in logits.
 *
 * Unlike torch, a 'mean' over rows that are all ignored is 0 (with zero gradient), not NaN: a
 * batch of padding must not poison training.
 */
export function crossEntropy(logits: Tensor, targets: Indices, opts: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  const ignore = opts.ignoreIndex ?? -100;
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(op, `labelSmoothing must be in [0, 1], got ${eps}`);
  if (logits.ndim < 1) throw new ShapeError(op, `logits must be [..., C], got ${fmtShape(logits.shape)}`);
  const C = logits.shape[logits.ndim - 1]!;
  if (C === 0) throw new ShapeError(op, `logits have no classes: ${fmtShape(logits.shape)}`);
  const rowShape = logits.shape.slice(0, -1);
  const rows = logits.size / C;
  const t = targetValues(op, targets, rowShape, rows);
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const v = t[r]!;
    if (v === ignore) continue;
    if (!(Number.isInteger(v) && v >= 0 && v < C)) {
      throw new ValueError(
        op,
        `target ${v} at row ${r} is not a class index in [0, ${C}) nor ignoreIndex ${ignore}`,
      );
    }
    count++;
  }
  const x = logits.contiguous();
  const src = x.data;
  const lse = new Float64Array(rows);
  const perRow = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    if (t[r] === ignore) continue;
    const base = x.offset + r * C;
    let m = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < C; c++) if (src[base + c]! > m) m = src[base + c]!;
    let z = 0;
    let sumX = 0;
    for (let c = 0; c < C; c++) {
      z += Math.exp(src[base + c]! - m);
      sumX += src[base + c]!;
    }
    const l = m + Math.log(z);
    lse[r] = l;
    const nll = l - src[base + t[r]!]!;
    perRow[r] = eps === 0 ? nll : (1 - eps) * nll + (eps / C) * (C * l - sumX);
  }
  let out: Tensor;
  if (reduction === 'none') {
    out = new Tensor(
      allocate(logits.dtype, rows).map((_, r) => perRow[r]!),
      rowShape,
    );
  } else {
    let s = 0;
    for (let r = 0; r < rows; r++) s += perRow[r]!;
    const value = reduction === 'sum' ? s : count === 0 ? 0 : s / count;
    out = new Tensor(allocate(logits.dtype, 1).fill(value), []);
  }
  recordOp(op, [logits], [out], ([g]) => {
    const gc = g!.contiguous();
    const scale = reduction === 'mean' ? (count === 0 ? 0 : 1 / count) : 1;
    const dx = allocate(logits.dtype, logits.size);
    for (let r = 0; r < rows; r++) {
      if (t[r] === ignore) continue;
      const w = (reduction === 'none' ? gc.data[gc.offset + r]! : gc.data[gc.offset]!) * scale;
      const base = x.offset + r * C;
      const l = lse[r]!;
      for (let c = 0; c < C; c++) dx[r * C + c] = w * (Math.exp(src[base + c]! - l) - eps / C);
      dx[r * C + t[r]!]! -= w * (1 - eps);
    }
    return [new Tensor(dx, logits.shape)];
  });
  return out;
}
