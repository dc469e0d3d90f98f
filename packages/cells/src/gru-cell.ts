// torch.nn.GRUCell: one GRU step, state h, gate order r, z, n.
import { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';
import type { HiddenState } from './recurrent-state';

export type GRUCellOptions = RecurrentCellOptions;

/** step: x [B, I], h [B, H] -> h' [B, H]. Loads a torch.nn.GRUCell state_dict. */
export class GRUCell extends RecurrentCell<HiddenState> {
  constructor(inputSize: number, hiddenSize: number, opts: GRUCellOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
}
