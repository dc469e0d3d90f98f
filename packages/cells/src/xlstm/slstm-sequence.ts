// The sLSTM over a sequence (and one step of it): raw_t = W x_t + R y_{t−1} + b, then the
// stabilised exponential-gating update of slstm-pointwise.ts.
//
// Glossary (Beck et al. 2024, xLSTM, §2.2): x_t the input; W: [4H, I] the input weights; R the
// recurrent weights (full [4H, H] or block-diagonal per head, slstm-recurrent-weight.ts); b: [4H]
// the bias; all gate-major [i | f | z | o]; y_t the output (the paper's h_t); (y, c, n, m) the state.
// Reference matched: NX-AI/xlstm vanilla `slstm_forward` + `slstm_forward_pointwise` from zero
// states (fixture op `slstm`, gate order i, f, z, o). The reference loops over time with the
// input projection W x_t precomputed for the whole sequence; so do we (`slstmScan` takes W x).
import { DTypeError, fmtShape, matmul, ShapeError, stack, type Tensor, transpose } from '@seqmod/tensor';
import type { ForgetGate } from './forget-gate';
import { slstmPointwise } from './slstm-pointwise';
import { recurrentGates, recurrentWeightLayout } from './slstm-recurrent-weight';
import { checkSlstmState, type SlstmState, slstmZeroState } from './slstm-state';

export interface SlstmOptions {
  /** σ (default, the reference's) or exp forget gate. */
  forgetGate?: ForgetGate;
}

export interface SlstmSequenceOptions extends SlstmOptions {
  /** The state before the first step (default: zeros, the reference's). */
  state?: SlstmState;
}

function hiddenSize(op: string, b: Tensor): number {
  if (b.ndim !== 1 || b.shape[0]! % 4 !== 0 || b.shape[0] === 0) {
    throw new ShapeError(op, `b must be [4H] with H > 0, got ${fmtShape(b.shape)}`);
  }
  return b.shape[0]! / 4;
}

/**
 * One step. wx: [B, 4H] (W x_t, gate-major), R: [4H, H] or [NH, DH, 4, DH], b: [4H], state
 * ([B, H] each) -> [y: [B, H], state]. Differentiable in all inputs and the state.
 */
export function slstmStep(
  wx: Tensor,
  R: Tensor,
  b: Tensor,
  state: SlstmState,
  opts: SlstmOptions = {},
): [Tensor, SlstmState] {
  const op = 'slstmStep';
  const H = hiddenSize(op, b);
  if (wx.ndim !== 2 || wx.shape[1] !== 4 * H)
    throw new ShapeError(op, `wx must be [B, ${4 * H}], got ${fmtShape(wx.shape)}`);
  recurrentWeightLayout(op, R, H);
  checkSlstmState(op, state, wx.shape[0]!, H);
  const next = slstmPointwise(wx.add(recurrentGates(state.y, R)).add(b), state, opts.forgetGate);
  return [next.y, next];
}

/**
 * The recurrence over a sequence of precomputed input projections.
 * wx: [B, S, 4H], R: [4H, H] or [NH, DH, 4, DH], b: [4H] -> { y: [B, S, H], state after step S }.
 */
export function slstmScan(
  wx: Tensor,
  R: Tensor,
  b: Tensor,
  opts: SlstmSequenceOptions = {},
): { y: Tensor; state: SlstmState } {
  const op = 'slstmScan';
  const H = hiddenSize(op, b);
  if (wx.ndim !== 3 || wx.shape[2] !== 4 * H)
    throw new ShapeError(op, `wx must be [B, S, ${4 * H}], got ${fmtShape(wx.shape)}`);
  const [B, S] = wx.shape as [number, number];
  if (S === 0) throw new ShapeError(op, `needs at least one step, got S = 0 in ${fmtShape(wx.shape)}`);
  for (const t of [R, b])
    if (t.dtype !== wx.dtype)
      throw new DTypeError(op, `R and b must share wx's dtype ${wx.dtype}, got ${t.dtype}`);
  let state = opts.state ?? slstmZeroState(B, H, wx.dtype);
  const ys: Tensor[] = [];
  for (let t = 0; t < S; t++) {
    const [y, next] = slstmStep(wx.select(1, t), R, b, state, opts);
    ys.push(y);
    state = next;
  }
  return { y: stack(ys, 1), state };
}

/**
 * The sLSTM from raw inputs. x: [B, S, I], W: [4H, I], R: [4H, H] or [NH, DH, 4, DH], b: [4H]
 * -> { y: [B, S, H], state after step S }.
 */
export function slstm(
  x: Tensor,
  W: Tensor,
  R: Tensor,
  b: Tensor,
  opts: SlstmSequenceOptions = {},
): { y: Tensor; state: SlstmState } {
  const op = 'slstm';
  const H = hiddenSize(op, b);
  if (x.ndim !== 3) throw new ShapeError(op, `x must be [B, S, I], got ${fmtShape(x.shape)}`);
  if (W.ndim !== 2 || W.shape[0] !== 4 * H || W.shape[1] !== x.shape[2]) {
    throw new ShapeError(op, `W must be [${4 * H}, ${x.shape[2]}], got ${fmtShape(W.shape)}`);
  }
  return slstmScan(matmul(x, transpose(W)), R, b, opts);
}
