// Builds any of the sequence layers (or cells) by kind, for tests that run over all of them.
import { Generator } from '@seqmod/tensor';
import {
  type CellKind,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  type RecurrentCell,
  type RecurrentCellOptions,
  type RecurrentLayer,
  type RecurrentLayerOptions,
  type RecurrentState,
  RNN,
  RNNCell,
} from '../src/index';

export function makeLayer(
  kind: CellKind,
  I: number,
  H: number,
  opts: RecurrentLayerOptions = {},
): RecurrentLayer<RecurrentState> {
  const o = { dtype: 'float64' as const, rng: new Generator(`${kind}-${I}-${H}`), ...opts };
  if (kind === 'lstm') return new LSTM(I, H, o);
  if (kind === 'gru') return new GRU(I, H, o);
  return new RNN(I, H, { ...o, nonlinearity: kind === 'rnn_relu' ? 'relu' : 'tanh' });
}

export function makeCell(
  kind: CellKind,
  I: number,
  H: number,
  opts: RecurrentCellOptions = {},
): RecurrentCell<RecurrentState> {
  const o = { dtype: 'float64' as const, rng: new Generator(`${kind}-cell-${I}-${H}`), ...opts };
  if (kind === 'lstm') return new LSTMCell(I, H, o);
  if (kind === 'gru') return new GRUCell(I, H, o);
  return new RNNCell(I, H, { ...o, nonlinearity: kind === 'rnn_relu' ? 'relu' : 'tanh' });
}
