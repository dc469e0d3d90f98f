// The mLSTM in its recurrent form: one step at a time with a constant-size state (generation).
//
// Glossary (Beck et al. 2024, xLSTM, §2.3, stabilised as in appendix "mLSTM"):
//   ĩ_t, f̃_t   gate pre-activations; log i_t = ĩ_t, log f_t = log σ(f̃_t) (or f̃_t for the exp gate)
//   m_t        max(log f_t + m_{t−1}, ĩ_t), the stabiliser
//   i'_t, f'_t exp(ĩ_t − m_t), exp(log f_t + m_{t−1} − m_t): the stabilised gates, both ≤ 1
//   C_t        f'_t C_{t−1} + i'_t k_t v_tᵀ with k_t scaled by 1/√DH (matrix memory, [DH_k, DH_v])
//   n_t        f'_t n_{t−1} + i'_t k_t (normaliser)
//   h_t        (C_tᵀ q_t) / (max(|n_tᵀ q_t|, exp(−m_t)) + eps)
// Reference matched: NX-AI/xlstm `recurrent_step_stabilized_simple` (fixture op `mlstm_recurrent`,
// run from the zero state). Shapes drop the reference's singleton axes: n is [B, NH, DH], m is
// [B, NH], gates are [B, NH].
import {
  abs,
  div,
  exp,
  matmul,
  maximum,
  mul,
  neg,
  squeeze,
  stack,
  type Tensor,
  unsqueeze,
} from '@seqmod/tensor';
import { logForgetGate } from './forget-gate';
import { checkMlstmInputs, checkMlstmStepInputs } from './mlstm-inputs';
import type { MlstmOptions } from './mlstm-parallel';
import { checkMlstmState, type MlstmState, mlstmEmptyState } from './mlstm-state';

export interface MlstmRecurrentOptions extends MlstmOptions {
  /** The state before the first step (default: the empty state, m = −∞). */
  state?: MlstmState;
}

/**
 * One step. q, k, v: [B, NH, DH], iPreact, fPreact: [B, NH], state -> [h: [B, NH, DH], state].
 * Differentiable in every input and in the state.
 */
export function mlstmStep(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
  state: MlstmState,
  opts: MlstmOptions = {},
): [Tensor, MlstmState] {
  const op = 'mlstmStep';
  const { B, NH, DH } = checkMlstmStepInputs(op, q, k, v, iPreact, fPreact);
  checkMlstmState(op, state, B, NH, DH);
  const eps = opts.eps ?? 1e-6;
  const logF = logForgetGate(fPreact, opts.forgetGate);
  const decayed = logF.add(state.m); // log f_t + m_{t−1}
  const m = maximum(decayed, iPreact);
  const f = exp(decayed.sub(m)); // [B, NH]
  const i = exp(iPreact.sub(m));
  const ks = mul(k, 1 / Math.sqrt(DH));
  const f2 = unsqueeze(f, -1);
  const i2 = unsqueeze(i, -1);
  const outer = mul(unsqueeze(ks, -1), unsqueeze(v, -2)); // k vᵀ: [B, NH, DH, DH]
  const c = mul(unsqueeze(f2, -1), state.c).add(mul(unsqueeze(i2, -1), outer));
  const n = mul(f2, state.n).add(mul(i2, ks));
  const num = squeeze(matmul(unsqueeze(q, -2), c), -2); // qᵀ C: [B, NH, DH]
  const qn = mul(q, n).sum(-1); // [B, NH]
  const denom = maximum(abs(qn), exp(neg(m))).add(eps);
  return [div(num, unsqueeze(denom, -1)), { c, n, m }];
}

/**
 * The recurrence over a whole sequence. q, k, v: [B, NH, S, DH], iPreact, fPreact: [B, NH, S]
 * -> { h: [B, NH, S, DH], state (after the last step) }.
 */
export function mlstmRecurrent(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
  opts: MlstmRecurrentOptions = {},
): { h: Tensor; state: MlstmState } {
  const { B, NH, S, DH } = checkMlstmInputs('mlstmRecurrent', q, k, v, iPreact, fPreact);
  let state = opts.state ?? mlstmEmptyState(B, NH, DH, q.dtype);
  const hs: Tensor[] = [];
  for (let t = 0; t < S; t++) {
    const [h, next] = mlstmStep(
      q.select(2, t),
      k.select(2, t),
      v.select(2, t),
      iPreact.select(2, t),
      fPreact.select(2, t),
      state,
      opts,
    );
    hs.push(h);
    state = next;
  }
  return { h: stack(hs, 2), state };
}
