// The state a recurrent layer or cell carries between calls: h for RNN and GRU, (h, c) for the LSTM.
//
// Layers hold one row per layer and direction, in torch.nn's order (layer-major, forward before
// reverse): h: [numLayers·dirs, B, H]. Cells hold h: [B, H].
import { type DType, DTypeError, fmtShape, ShapeError, type Tensor, zeros } from '@seqmod/tensor';

/** State of an RNN or GRU (layer or cell). */
export interface HiddenState {
  h: Tensor;
}

/** State of an LSTM (layer or cell): hidden state h and memory cell c, shaped alike. */
export interface LSTMState {
  h: Tensor;
  c: Tensor;
}

/** Either: what the shared code of layers and cells handles. */
export interface RecurrentState {
  h: Tensor;
  c?: Tensor;
}

/** Zeros of `shape` for h (and c when `withCell`). */
export function zeroState(shape: readonly number[], withCell: boolean, dtype: DType): RecurrentState {
  return withCell
    ? { h: zeros(shape, { dtype }), c: zeros(shape, { dtype }) }
    : { h: zeros(shape, { dtype }) };
}

/** Checks a user-given state against the expected shape and dtype; missing state is zeros. */
export function checkState(
  op: string,
  state: RecurrentState | undefined,
  shape: readonly number[],
  withCell: boolean,
  dtype: DType,
): RecurrentState {
  if (!state) return zeroState(shape, withCell, dtype);
  const check = (name: string, t: Tensor | undefined) => {
    if (!t) throw new ShapeError(op, `the state needs ${name} of shape ${fmtShape(shape)}`);
    if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(op, `state ${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
    if (t.dtype !== dtype)
      throw new DTypeError(op, `state ${name} is ${t.dtype}, the parameters are ${dtype}`);
  };
  check('h', state.h);
  if (withCell) check('c', state.c);
  return state;
}
