// The recurrent state of the sLSTM: hidden output y, cell c, normaliser n and stabiliser m.
//
// Glossary (Beck et al. 2024, xLSTM, §2.2): y_{t−1} (the paper's h_{t−1}) feeds the recurrent
// weights R; c_t = f_t c_{t−1} + i_t z_t the cell; n_t = f_t n_{t−1} + i_t the normaliser;
// m_t the stabiliser, so the stored c and n are e^{−m_t} times the paper's.
// Reference matched: NX-AI/xlstm sLSTM `states` [4, B, H] = (y, c, n, m), all zero at the start.
import { type DType, fmtShape, ShapeError, type Tensor, zeros } from '@seqmod/tensor';

export interface SlstmState {
  /** Hidden output y (the paper's h): [B, H]. */
  y: Tensor;
  /** Cell c (scaled by e^{−m}): [B, H]. */
  c: Tensor;
  /** Normaliser n (scaled by e^{−m}): [B, H]; n = 0 marks "no history yet". */
  n: Tensor;
  /** Stabiliser m: [B, H]. */
  m: Tensor;
}

/** The reference's start: y = c = n = m = 0 (n = 0 makes the first step take m = ĩ). */
export function slstmZeroState(B: number, H: number, dtype: DType = 'float32'): SlstmState {
  return {
    y: zeros([B, H], { dtype }),
    c: zeros([B, H], { dtype }),
    n: zeros([B, H], { dtype }),
    m: zeros([B, H], { dtype }),
  };
}

/** Throws a ShapeError unless every part of `state` is [B, H]. */
export function checkSlstmState(op: string, state: SlstmState, B: number, H: number): void {
  for (const name of ['y', 'c', 'n', 'm'] as const) {
    const t = state[name];
    if (t.ndim !== 2 || t.shape[0] !== B || t.shape[1] !== H) {
      throw new ShapeError(op, `state.${name} must be [${B}, ${H}], got ${fmtShape(t.shape)}`);
    }
  }
}
