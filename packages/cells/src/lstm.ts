// torch.nn.LSTM: multi-layer, optionally bidirectional, state (h, c). Gate order i, f, g, o.

import { RecurrentLayer, type RecurrentLayerOptions } from './recurrent-layer';
import type { LSTMState } from './recurrent-state';

export type LSTMOptions = RecurrentLayerOptions;

/**
 * x: [B, L, I] -> output: [B, L, D·H], state h, c: [numLayers·D, B, H] (D = 2 if bidirectional).
 * Loads a torch.nn.LSTM state_dict (weight_ih_l0, ..., bias_hh_l{N−1}_reverse) unchanged.
 */
export class LSTM extends RecurrentLayer<LSTMState> {
  constructor(inputSize: number, hiddenSize: number, opts: LSTMOptions = {}) {
    super('lstm', inputSize, hiddenSize, opts);
  }
}
