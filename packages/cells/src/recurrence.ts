// One recurrent pass over a sequence (one layer, one direction) as a single recorded op with a
// hand-written backpropagation through time.
//
// Glossary: B batch, L length, H hidden size, G gates (cell-kind.ts); xp = x W_ihᵀ + b_ih for all
// steps at once (one big matmul, done by the caller); per step s:
//   u_s = h_{s−1} W_hhᵀ          one [B, H]·[H, G·H] gemm into a reused scratch
//   (h_s, c_s) = cell(xp_s, u_s + b_hh, h_{s−1}, c_{s−1})     pointwise, one call per batch row
// Backward walks s = L−1 … 0: the pointwise backward of each row, then one gemm
//   ∂L/∂h_{s−1} += ∂L/∂u_s · W_hh
// and, after the loop, ∂L/∂W_hh = Σ_s ∂L/∂u_sᵀ h_{s−1} as one [G·H, B·L]·[B·L, H] gemm.
//
// Why one op for the whole pass rather than ops per step: the tape holds one node instead of ~10·L,
// the time loop allocates nothing, and the weight gradient becomes one large gemm instead of L
// small ones. This is what cuDNN does for torch.nn.LSTM; the numbers are the same.
import {
  allocate,
  contiguous,
  DTypeError,
  fmtShape,
  gemmFor,
  isGradEnabled,
  recordOp,
  ShapeError,
  Tensor,
} from '@seqmod/tensor';
import { type CellKind, gateCount, hasCellState } from './cell-kind';
import { columnSums } from './column-sums';
import { gruGates } from './gru-gates';
import { lstmGates } from './lstm-gates';
import { rnnReluGates, rnnTanhGates } from './rnn-gates';
import { checkLengths, type Lengths, timeAt } from './sequence-lengths';
import type { BackwardBuffers, ForwardBuffers, GateKernel, SavedActivations } from './step-buffers';

export interface RecurrenceOptions {
  /** Run from the last (valid) step to the first. */
  reverse?: boolean;
  /** Valid steps per sequence, each in [0, L] (see sequence-lengths.ts); null or omitted: all L. */
  lengths?: Lengths | null;
}

export interface RecurrenceResult {
  /** Hidden state at every step [B, L, H] (zero at padded steps). */
  y: Tensor;
  /** Final hidden state [B, H] (after each sequence's last valid step). */
  h: Tensor;
  /** Final cell state [B, H] (LSTM), else null. */
  c: Tensor | null;
}

const kernels: Record<CellKind, GateKernel> = {
  rnn_tanh: rnnTanhGates,
  rnn_relu: rnnReluGates,
  lstm: lstmGates,
  gru: gruGates,
};

function expectShape(op: string, name: string, t: Tensor, shape: readonly number[]): void {
  if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
}

/**
 * One pass of a recurrent cell over a sequence, differentiable in every tensor argument.
 * xp: [B, L, G·H], wHh: [G·H, H], bHh: [G·H] or null, h0: [B, H], c0: [B, H] (LSTM only, else
 * null) -> y: [B, L, H], h: [B, H], c: [B, H] (LSTM).
 */
export function recurrence(
  kind: CellKind,
  xp: Tensor,
  wHh: Tensor,
  bHh: Tensor | null,
  h0: Tensor,
  c0: Tensor | null,
  opts: RecurrenceOptions = {},
): RecurrenceResult {
  const op = `recurrence(${kind})`;
  if (xp.ndim !== 3) throw new ShapeError(op, `xp must be [B, L, G·H], got ${fmtShape(xp.shape)}`);
  if (wHh.ndim !== 2) throw new ShapeError(op, `weight_hh must be [G·H, H], got ${fmtShape(wHh.shape)}`);
  const [B, L, GH] = xp.shape as [number, number, number];
  const H = wHh.shape[1]!;
  const G = gateCount(kind);
  expectShape(op, 'weight_hh', wHh, [G * H, H]);
  expectShape(op, 'xp', xp, [B, L, G * H]);
  if (bHh) expectShape(op, 'bias_hh', bHh, [GH]);
  expectShape(op, 'h0', h0, [B, H]);
  const cell = hasCellState(kind);
  if (cell && !c0) throw new ShapeError(op, 'the LSTM needs an initial cell state c0 [B, H]');
  if (!cell && c0) throw new ShapeError(op, `${kind} has no cell state; got c0`);
  if (c0) expectShape(op, 'c0', c0, [B, H]);
  const dtype = xp.dtype;
  for (const [name, t] of [
    ['weight_hh', wHh],
    ['bias_hh', bHh],
    ['h0', h0],
    ['c0', c0],
  ] as const) {
    if (t && t.dtype !== dtype) throw new DTypeError(op, `${name} is ${t.dtype} but xp is ${dtype}`);
  }
  const lengths = checkLengths(op, opts.lengths ?? undefined, B, L);
  const reverse = opts.reverse ?? false;
  const kernel = kernels[kind];
  const gemm = gemmFor(xp.data);

  const xpC = contiguous(xp);
  const w = contiguous(wHh);
  const bias = bHh ? contiguous(bHh) : null;
  const inputs = [xp, wHh, bHh, h0, c0].filter((t): t is Tensor => t !== null);
  const keep = isGradEnabled() && inputs.some((t) => t.requiresGrad);
  const saved: SavedActivations | null = keep
    ? {
        hPrev: allocate(dtype, B * L * H),
        acts: allocate(dtype, kind === 'lstm' || kind === 'gru' ? B * L * GH : 0),
        aux: allocate(dtype, kind === 'lstm' || kind === 'gru' ? B * L * H : 0),
        aux2: allocate(dtype, kind === 'lstm' ? B * L * H : 0),
      }
    : null;
  const f: ForwardBuffers = {
    H,
    xp: xpC.data,
    xpOffset: xpC.offset,
    bias: bias ? bias.data : allocate(dtype, GH),
    biasOffset: bias ? bias.offset : 0,
    gh: allocate(dtype, B * GH),
    h: h0.toArray(),
    c: c0 ? c0.toArray() : null,
    y: allocate(dtype, B * L * H),
    saved,
  };

  // W_hhᵀ [H, G·H] copied once: the per-step gemm then reads its B operand with unit stride, which
  // the kernel packs faster than the strided transpose view (≈25% per step, measured at H = 256).
  const wT = allocate(dtype, H * GH);
  for (let r = 0; r < GH; r++)
    for (let p = 0, o = w.offset + r * H; p < H; p++) wT[p * GH + r] = w.data[o + p]!;
  for (let s = 0; s < L; s++) {
    // u = h W_hhᵀ
    gemm(B, GH, H, f.h, 0, H, 1, wT, 0, GH, 1, f.gh, 0, GH, false);
    for (let b = 0; b < B; b++) {
      const t = lengths ? timeAt(s, b, L, lengths, reverse) : reverse ? L - 1 - s : s;
      if (t >= 0) kernel.forwardRow(f, b, b * L + t);
    }
  }

  const y = new Tensor(f.y, [B, L, H]);
  const h = new Tensor(f.h, [B, H]);
  const c = f.c ? new Tensor(f.c, [B, H]) : null;
  if (!saved) return { y, h, c };

  const outputs = c ? [y, h, c] : [y, h];
  recordOp(op, inputs, outputs, ([gy, gh, gc]) => {
    const gyC = gy ? contiguous(gy) : null;
    const dxp = allocate(dtype, B * L * GH);
    const g: BackwardBuffers = {
      H,
      saved,
      y: f.y,
      gy: gyC ? gyC.data : null,
      gyOffset: gyC ? gyC.offset : 0,
      dh: gh ? gh.toArray() : allocate(dtype, B * H),
      dc: cell ? (gc ? gc.toArray() : allocate(dtype, B * H)) : null,
      dxp,
      dgh: kind === 'gru' ? allocate(dtype, B * L * GH) : dxp,
      dghStep: allocate(dtype, B * GH),
    };
    for (let s = L - 1; s >= 0; s--) {
      for (let b = 0; b < B; b++) {
        const t = lengths ? timeAt(s, b, L, lengths, reverse) : reverse ? L - 1 - s : s;
        if (t >= 0) kernel.backwardRow(g, b, b * L + t);
      }
      // Rows that have not started yet (going backwards) hold zeros in dghStep: their dh passes unchanged.
      if (s > 0 || h0.requiresGrad)
        gemm(B, H, GH, g.dghStep, 0, GH, 1, w.data, w.offset, H, 1, g.dh, 0, H, true);
    }
    let dW: Tensor | null = null;
    if (wHh.requiresGrad) {
      const dw = allocate(dtype, GH * H);
      // Padded steps hold zeros in dgh, so they add nothing.
      gemm(GH, H, B * L, g.dgh, 0, 1, GH, saved.hPrev, 0, H, 1, dw, 0, H, false);
      dW = new Tensor(dw, [GH, H]);
    }
    const dB = bHh?.requiresGrad ? columnSums(g.dgh, 0, B * L, GH, bHh) : null;
    const grads: (Tensor | null)[] = [new Tensor(dxp, [B, L, GH]), dW];
    if (bHh) grads.push(dB);
    grads.push(new Tensor(g.dh, [B, H]));
    if (c0) grads.push(new Tensor(g.dc!, [B, H]));
    return grads;
  });
  return { y, h, c };
}
