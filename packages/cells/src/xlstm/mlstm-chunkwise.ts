// The mLSTM in its chunkwise form: parallel inside chunks of Lc steps, recurrent across chunks.
// O(S·Lc) per head instead of the parallel form's O(S²), with the final state for generation.
//
// Glossary (Beck et al. 2024, xLSTM; the chunkwise split as in gated linear attention):
//   chunk          steps s0 .. s0 + L − 1 (L = Lc, the last chunk may be shorter)
//   (C, n, m)      the carried state before the chunk (see mlstm-state.ts)
//   b_t            Σ_{k=s0..t} log f_k, the decay from the chunk start to step t
//   log D[t, j]    the intra-chunk log gate matrix (log-gate-matrix.ts)
//   m_t            max(m + b_t, max_j log D[t, j]): exactly the recurrent stabiliser at step t
//   w_t            exp(m + b_t − m_t), the stabilised weight of the carried memory at step t
//   h_t            (Σ_j q_t·k_j e^{log D[t,j] − m_t} v_j + w_t Cᵀq_t) /
//                  (max(|Σ_j q_t·k_j e^{log D[t,j] − m_t} + w_t nᵀq_t|, e^{−m_t}) + eps)
//   next state     m' = m_{last}; C' = w_last C + Σ_j e^{log D[last, j] − m'} k_j v_jᵀ; n' likewise
// Reference: NX-AI/xlstm `chunkwise_simple` computes the same h. Differences: any S (a shorter last
// chunk instead of requiring Lc | S); the state is kept in the recurrent form's convention (keys
// scaled by 1/√DH, so C and n equal `recurrent_step_stabilized_simple`'s, where chunkwise_simple
// scales q and stores √DH times larger C, n); the start state is the empty state unless given;
// segment sums for log D (see log-gate-matrix.ts).
import {
  abs,
  concat,
  cumsum,
  div,
  exp,
  matmul,
  max,
  maximum,
  mul,
  neg,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import { logForgetGate } from './forget-gate';
import { logGateMatrix } from './log-gate-matrix';
import { checkMlstmInputs } from './mlstm-inputs';
import type { MlstmRecurrentOptions } from './mlstm-recurrent';
import { checkMlstmState, type MlstmState, mlstmEmptyState } from './mlstm-state';

export interface MlstmChunkwiseOptions extends MlstmRecurrentOptions {
  /** Steps per chunk Lc (default 64). Need not divide S. */
  chunkSize?: number;
}

/**
 * q, k, v: [B, NH, S, DH], iPreact, fPreact: [B, NH, S] -> { h: [B, NH, S, DH], state after step S }.
 * Differentiable in every input and in the initial state.
 */
export function mlstmChunkwise(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
  opts: MlstmChunkwiseOptions = {},
): { h: Tensor; state: MlstmState } {
  const op = 'mlstmChunkwise';
  const { B, NH, S, DH } = checkMlstmInputs(op, q, k, v, iPreact, fPreact);
  const Lc = opts.chunkSize ?? 64;
  if (!Number.isInteger(Lc) || Lc <= 0)
    throw new ValueError(op, `chunkSize must be a positive integer, got ${Lc}`);
  const eps = opts.eps ?? 1e-6;
  let state = opts.state ?? mlstmEmptyState(B, NH, DH, q.dtype);
  checkMlstmState(op, state, B, NH, DH);
  const logF = logForgetGate(fPreact, opts.forgetGate);
  const ks = mul(k, 1 / Math.sqrt(DH));
  const hs: Tensor[] = [];
  for (let s0 = 0; s0 < S; s0 += Lc) {
    const s1 = Math.min(s0 + Lc, S);
    const L = s1 - s0;
    const qc = q.slice(2, s0, s1);
    const kc = ks.slice(2, s0, s1);
    const vc = v.slice(2, s0, s1);
    const logFc = logF.slice(2, s0, s1);
    const logD = logGateMatrix(logFc, iPreact.slice(2, s0, s1)); // [B, NH, L, L]
    const carried = unsqueeze(state.m, -1).add(cumsum(logFc, -1)); // m + b_t: [B, NH, L]
    const m = maximum(max(logD, -1), carried); // [B, NH, L]
    const w = exp(carried.sub(m));
    const E = mul(matmul(qc, transpose(kc)), exp(logD.sub(unsqueeze(m, -1)))); // [B, NH, L, L]
    const numer = matmul(E, vc).add(mul(unsqueeze(w, -1), matmul(qc, state.c)));
    const qn = matmul(qc, unsqueeze(state.n, -1)).squeeze(-1); // [B, NH, L]
    const normaliser = maximum(abs(E.sum(-1).add(mul(w, qn))), exp(neg(m))).add(eps);
    hs.push(div(numer, unsqueeze(normaliser, -1)));
    // Carry the state to the chunk's end: the last row of the chunk's recurrence.
    const mNext = m.select(-1, L - 1); // [B, NH]
    const decay = w.select(-1, L - 1);
    const wj = unsqueeze(exp(logD.select(-2, L - 1).sub(unsqueeze(mNext, -1))), -1); // [B, NH, L, 1]
    const kw = mul(kc, wj);
    const d1 = unsqueeze(decay, -1);
    state = {
      c: mul(unsqueeze(d1, -1), state.c).add(matmul(transpose(kw), vc)),
      n: mul(d1, state.n).add(kw.sum(-2)),
      m: mNext,
    };
  }
  return { h: hs.length === 1 ? hs[0]! : concat(hs, 2), state };
}
