// torch.nn.RNN: the Elman network, multi-layer, optionally bidirectional, tanh or relu.
import { type RNNNonlinearity, rnnKind } from './cell-kind';
import { RecurrentLayer, type RecurrentLayerOptions } from './recurrent-layer';
import type { HiddenState } from './recurrent-state';

export interface RNNOptions extends RecurrentLayerOptions {
  /** φ in h' = φ(W_ih x + b_ih + W_hh h + b_hh) (default 'tanh'). */
  nonlinearity?: RNNNonlinearity;
}

/**
 * x: [B, L, I] -> output: [B, L, D·H], state h: [numLayers·D, B, H] (D = 2 if bidirectional).
 * Loads a torch.nn.RNN state_dict unchanged.
 */
export class RNN extends RecurrentLayer<HiddenState> {
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, opts: RNNOptions = {}) {
    super(rnnKind(opts.nonlinearity ?? 'tanh'), inputSize, hiddenSize, opts);
    this.nonlinearity = opts.nonlinearity ?? 'tanh';
  }
}
