// The mLSTM in its parallel (attention-like) form: all S outputs at once, O(S²) per head.
//
// Glossary (Beck et al. 2024, xLSTM, §2.3 and appendix "parallel mLSTM"):
//   q_t, k_t, v_t  query, key, value of step t (keys scaled by 1/√DH)
//   ĩ_t, f̃_t       input and forget gate pre-activations; i_t = exp(ĩ_t), f_t = σ(f̃_t) or exp(f̃_t)
//   log D[t, j]    Σ_{k=j+1..t} log f_k + ĩ_j for j ≤ t, −∞ for j > t (see log-gate-matrix.ts)
//   m_t            max_j log D[t, j], the row-wise stabiliser (= the recurrent stabiliser from the
//                  empty state)
//   C̃[t, j]        (q_t · k_j/√DH) · exp(log D[t, j] − m_t)
//   n_t            max(|Σ_j C̃[t, j]|, exp(−m_t)), the normaliser
//   h_t            Σ_j C̃[t, j] v_j / (n_t + eps)
// Reference matched: NX-AI/xlstm `parallel_stabilized_simple` with stabilize_rowwise = True
// (fixture op `mlstm_parallel`). Differences: the gates come in as [B, NH, S] rather than
// [B, NH, S, 1] (seqmod keeps no trailing singleton axes), and log D is built from segment sums for
// accuracy (see log-gate-matrix.ts); the exp forget gate is offered as the paper does.
import { abs, div, exp, matmul, max, maximum, mul, neg, type Tensor, transpose } from '@seqmod/tensor';
import { type ForgetGate, logForgetGate } from './forget-gate';
import { logGateMatrix } from './log-gate-matrix';
import { checkMlstmInputs } from './mlstm-inputs';

export interface MlstmOptions {
  /** Added to the normaliser (default 1e-6, the reference's). */
  eps?: number;
  /** σ (default, the reference's) or exp forget gate. */
  forgetGate?: ForgetGate;
}

/**
 * q, k, v: [B, NH, S, DH], iPreact, fPreact: [B, NH, S] -> h: [B, NH, S, DH]. Differentiable.
 */
export function mlstmParallel(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  iPreact: Tensor,
  fPreact: Tensor,
  opts: MlstmOptions = {},
): Tensor {
  const { DH } = checkMlstmInputs('mlstmParallel', q, k, v, iPreact, fPreact);
  const eps = opts.eps ?? 1e-6;
  const logD = logGateMatrix(logForgetGate(fPreact, opts.forgetGate), iPreact); // [B, NH, S, S]
  const m = max(logD, -1, true); // [B, NH, S, 1]
  const D = exp(logD.sub(m));
  const scores = matmul(q, transpose(mul(k, 1 / Math.sqrt(DH)))); // [B, NH, S, S]
  const C = mul(scores, D);
  const normaliser = maximum(abs(C.sum(-1, true)), exp(neg(m)));
  return matmul(div(C, normaliser.add(eps)), v);
}
