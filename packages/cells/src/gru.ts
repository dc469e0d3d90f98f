// torch.nn.GRU: multi-layer, optionally bidirectional, state h. Gate order r, z, n.

import { RecurrentLayer, type RecurrentLayerOptions } from './recurrent-layer';
import type { HiddenState } from './recurrent-state';

export type GRUOptions = RecurrentLayerOptions;

/**
 * x: [B, L, I] -> output: [B, L, D·H], state h: [numLayers·D, B, H] (D = 2 if bidirectional).
 * Loads a torch.nn.GRU state_dict unchanged.
 */
export class GRU extends RecurrentLayer<HiddenState> {
  constructor(inputSize: number, hiddenSize: number, opts: GRUOptions = {}) {
    super('gru', inputSize, hiddenSize, opts);
  }
}
