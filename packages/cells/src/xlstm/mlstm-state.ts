// The recurrent state of the mLSTM: matrix memory C, normaliser n and stabiliser m, per head.
//
// Glossary (Beck et al. 2024, xLSTM, §2.3): C_t = f_t C_{t−1} + i_t v_t k_tᵀ the matrix memory
// (stored as k vᵀ, i.e. [DH_k, DH_v], as the reference does); n_t = f_t n_{t−1} + i_t k_t the
// normaliser; m_t the stabiliser (a running max of log gates) so that the stored C and n are
// exp(−m_t) times the paper's, and no exponential ever overflows.
// Reference matched: NX-AI/xlstm `recurrent_step_stabilized_simple` (c_state, n_state, m_state).
//
// Two initial states:
// - the empty state (m = −∞): no history at all. Run step by step from it, the recurrent form gives
//   exactly the parallel form's outputs (its stabiliser is the same running max, started empty).
// - the zero state (m = 0): the reference's `torch.zeros` start, used by the mlstm_recurrent
//   fixtures. Mathematically the same memory; the stabiliser starts at 0 instead of −∞, which only
//   changes how the `eps` of the normaliser max(|qᵀn|, e^{−m}) + eps weighs in (≲ eps relative).
import { type DType, fmtShape, full, ShapeError, type Tensor, zeros } from '@seqmod/tensor';

export interface MlstmState {
  /** Matrix memory C (scaled by e^{−m}): [B, NH, DH, DH], indexed [key dim, value dim]. */
  c: Tensor;
  /** Normaliser n (scaled by e^{−m}): [B, NH, DH]. */
  n: Tensor;
  /** Stabiliser m: [B, NH]. */
  m: Tensor;
}

/** No history: C = 0, n = 0, m = −∞. */
export function mlstmEmptyState(B: number, NH: number, DH: number, dtype: DType = 'float32'): MlstmState {
  return {
    c: zeros([B, NH, DH, DH], { dtype }),
    n: zeros([B, NH, DH], { dtype }),
    m: full([B, NH], Number.NEGATIVE_INFINITY, { dtype }),
  };
}

/** The reference's start: C = 0, n = 0, m = 0. */
export function mlstmZeroState(B: number, NH: number, DH: number, dtype: DType = 'float32'): MlstmState {
  return {
    c: zeros([B, NH, DH, DH], { dtype }),
    n: zeros([B, NH, DH], { dtype }),
    m: zeros([B, NH], { dtype }),
  };
}

/** Throws a ShapeError unless `state` fits B, NH, DH. */
export function checkMlstmState(op: string, state: MlstmState, B: number, NH: number, DH: number): void {
  const want: [keyof MlstmState, number[]][] = [
    ['c', [B, NH, DH, DH]],
    ['n', [B, NH, DH]],
    ['m', [B, NH]],
  ];
  for (const [name, shape] of want) {
    const t = state[name];
    if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(op, `state.${name} must be ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
  }
}
