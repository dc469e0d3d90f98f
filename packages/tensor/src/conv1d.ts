// Causal depthwise 1-D convolution along the length axis: the short convolution that Mamba,
// H3 and gated linear attention put in front of their recurrences.
//
//   y[b, t, d] = Σ_{s<K} w[d, K−1−s] · x[b, t−s, d] + bias[d]     (x[b, t', d] = 0 for t' < 0)
//
// This is torch.nn.Conv1d(D, D, K, groups=D, padding=K−1) applied to x: [B, D, L] and cut to the
// first L outputs, in seqmod's [B, L, D] layout. The kernel is stored [D, K] (torch's [D, 1, K]
// is accepted too) so that w[d, K−1] multiplies the current step.
import { recordOp } from './autograd';
import { allocate, sameDType } from './dtype';
import { fmtShape, ShapeError } from './errors';
import { Tensor } from './tensor';
import { contiguous, reshape } from './views';

/** x: [B, L, D], weight: [D, K] or [D, 1, K], bias?: [D] -> y: [B, L, D]. */
export function conv1dCausalDepthwise(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = 'conv1dCausalDepthwise';
  if (x.ndim !== 3) throw new ShapeError(op, `x must be [B, L, D], got ${fmtShape(x.shape)}`);
  const [B, L, D] = x.shape as [number, number, number];
  const w2 =
    weight.ndim === 3 && weight.shape[1] === 1
      ? reshape(weight, [weight.shape[0]!, weight.shape[2]!])
      : weight;
  if (w2.ndim !== 2 || w2.shape[0] !== D)
    throw new ShapeError(op, `weight must be [${D}, K] or [${D}, 1, K], got ${fmtShape(weight.shape)}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== D))
    throw new ShapeError(op, `bias must be [${D}], got ${fmtShape(bias.shape)}`);
  sameDType(op, x.dtype, w2.dtype);
  if (bias) sameDType(op, x.dtype, bias.dtype);
  const K = w2.shape[1]!;
  const xc = contiguous(x.detach());
  const wc = contiguous(w2.detach());
  const xd = xc.data;
  const xo = xc.offset;
  const wd = wc.data;
  const wo = wc.offset;
  const out = allocate(x.dtype, B * L * D);
  if (bias) {
    const bc = contiguous(bias.detach());
    for (let r = 0; r < B * L; r++) for (let d = 0; d < D; d++) out[r * D + d] = bc.data[bc.offset + d]!;
  }
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < L; t++) {
      const o = (b * L + t) * D;
      for (let s = 0; s < K && s <= t; s++) {
        const xi = xo + (b * L + t - s) * D;
        const tap = K - 1 - s;
        for (let d = 0; d < D; d++) out[o + d]! += wd[wo + d * K + tap]! * xd[xi + d]!;
      }
    }
  }
  const y = new Tensor(out, [B, L, D]);
  const inputs = bias ? [x, w2, bias] : [x, w2];
  recordOp(op, inputs, [y], ([g]) => {
    const gc = contiguous(g!);
    const gd = gc.data;
    const go = gc.offset;
    const gx = allocate(x.dtype, B * L * D);
    const gw = allocate(x.dtype, D * K);
    const gb = allocate(x.dtype, D);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < L; t++) {
        const o = go + (b * L + t) * D;
        for (let d = 0; d < D; d++) gb[d]! += gd[o + d]!;
        for (let s = 0; s < K && s <= t; s++) {
          const xi = (b * L + t - s) * D;
          const tap = K - 1 - s;
          for (let d = 0; d < D; d++) {
            gx[xi + d]! += wd[wo + d * K + tap]! * gd[o + d]!;
            gw[d * K + tap]! += xd[xo + xi + d]! * gd[o + d]!;
          }
        }
      }
    }
    return [new Tensor(gx, [B, L, D]), new Tensor(gw, [D, K]), bias ? new Tensor(gb, [D]) : null];
  });
  return y;
}
