// torch.nn.LSTMCell: one LSTM step, state (h, c), gate order i, f, g, o.
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';
import type { LSTMState } from './recurrent-state';

export type LSTMCellOptions = RecurrentCellOptions;

/** step: x [B, I], (h, c) [B, H] -> h' [B, H], (h', c'). Loads a torch.nn.LSTMCell state_dict. */
export class LSTMCell extends RecurrentCell<LSTMState> {
  constructor(inputSize: number, hiddenSize: number, opts: LSTMCellOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
}
