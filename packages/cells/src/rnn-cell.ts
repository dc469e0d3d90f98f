// torch.nn.RNNCell: one Elman step, tanh or relu, state h.
import { type RNNNonlinearity, rnnKind } from './cell-kind';
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';
import type { HiddenState } from './recurrent-state';

export interface RNNCellOptions extends RecurrentCellOptions {
  /** φ in h' = φ(W_ih x + b_ih + W_hh h + b_hh) (default 'tanh'). */
  nonlinearity?: RNNNonlinearity;
}

/** step: x [B, I], h [B, H] -> h' [B, H]. Loads a torch.nn.RNNCell state_dict. */
export class RNNCell extends RecurrentCell<HiddenState> {
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNCellOptions = {}) {
    super(rnnKind(opts.nonlinearity ?? 'tanh'), inputSize, hiddenSize, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }
}
