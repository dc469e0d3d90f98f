// An independent oracle for the recurrences: the textbook equations of each cell written with
// plain @seqmod/tensor ops (matmul, sigmoid, tanh, ...; autograd gives its gradients), one
// sequence and one step at a time, padding handled by simply not running past a sequence's end.
// Slow and obviously right, unlike the fused op under test.
import {
  add,
  concat,
  matmul,
  mul,
  oneMinus,
  relu,
  sigmoid,
  split,
  stack,
  type Tensor,
  tanh,
  transpose,
  zeros,
} from '@seqmod/tensor';
import type { CellKind, DirectionWeights, RecurrentLayer, RecurrentState } from '../src/index';

function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = matmul(x, transpose(w));
  return b ? add(y, b) : y;
}

/** One step of one cell. x: [B, I], h, c: [B, H] -> h', c'. */
export function referenceStep(
  kind: CellKind,
  x: Tensor,
  h: Tensor,
  c: Tensor | null,
  w: DirectionWeights,
): { h: Tensor; c: Tensor | null } {
  const H = h.shape[1]!;
  const gi = linear(x, w.weightIh, w.biasIh);
  const gh = linear(h, w.weightHh, w.biasHh);
  if (kind === 'rnn_tanh') return { h: tanh(add(gi, gh)), c: null };
  if (kind === 'rnn_relu') return { h: relu(add(gi, gh)), c: null };
  if (kind === 'lstm') {
    const [zi, zf, zg, zo] = split(add(gi, gh), H, 1) as [Tensor, Tensor, Tensor, Tensor];
    const cNext = add(mul(sigmoid(zf), c!), mul(sigmoid(zi), tanh(zg)));
    return { h: mul(sigmoid(zo), tanh(cNext)), c: cNext };
  }
  const [ar, az, an] = split(gi, H, 1) as [Tensor, Tensor, Tensor];
  const [ur, uz, un] = split(gh, H, 1) as [Tensor, Tensor, Tensor];
  const r = sigmoid(add(ar, ur));
  const z = sigmoid(add(az, uz));
  const n = tanh(add(an, mul(r, un)));
  return { h: add(mul(oneMinus(z), n), mul(z, h)), c: null };
}

/**
 * One direction over a padded batch, sequence by sequence. x: [B, L, I], h0, c0: [B, H]
 * -> y: [B, L, H] (zero past each length), h, c: [B, H].
 */
export function referenceSequence(
  kind: CellKind,
  x: Tensor,
  w: DirectionWeights,
  h0: Tensor,
  c0: Tensor | null,
  opts: { reverse?: boolean; lengths?: readonly number[] } = {},
): { y: Tensor; h: Tensor; c: Tensor | null } {
  const [B, L] = x.shape as [number, number];
  const H = h0.shape[1]!;
  const ys: Tensor[] = [];
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  for (let b = 0; b < B; b++) {
    const len = opts.lengths ? opts.lengths[b]! : L;
    let h = h0.slice(0, b, b + 1);
    let c = c0 ? c0.slice(0, b, b + 1) : null;
    const out: Tensor[] = new Array(L).fill(zeros([1, H], { dtype: x.dtype }));
    for (let s = 0; s < len; s++) {
      const t = opts.reverse ? len - 1 - s : s;
      const next = referenceStep(kind, x.slice(0, b, b + 1).select(1, t), h, c, w);
      h = next.h;
      c = next.c;
      out[t] = h;
    }
    ys.push(stack(out, 1));
    hs.push(h);
    if (c) cs.push(c);
  }
  return { y: concat(ys, 0), h: concat(hs, 0), c: c0 ? concat(cs, 0) : null };
}

/** A whole multi-layer (bidirectional) layer through the oracle, with the layer's own weights. No dropout. */
export function referenceLayer(
  layer: RecurrentLayer<RecurrentState>,
  x: Tensor,
  state: RecurrentState,
  lengths?: readonly number[],
): { y: Tensor; h: Tensor; c: Tensor | null } {
  const D = layer.directions;
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  let input = x;
  for (let k = 0; k < layer.numLayers; k++) {
    const ys: Tensor[] = [];
    for (let d = 0; d < D; d++) {
      const row = k * D + d;
      const r = referenceSequence(
        layer.kind,
        input,
        layer.weights(k, d as 0 | 1),
        state.h.select(0, row),
        state.c ? state.c.select(0, row) : null,
        {
          reverse: d === 1,
          lengths,
        },
      );
      ys.push(r.y);
      hs.push(r.h);
      if (r.c) cs.push(r.c);
    }
    input = D === 2 ? concat(ys, 2) : ys[0]!;
  }
  return { y: input, h: stack(hs, 0), c: cs.length ? stack(cs, 0) : null };
}
