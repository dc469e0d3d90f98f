// A recurrent layer with a linear read-out of its last step: the model of the adding problem and
// of the gradient-norm experiment. x: [B, T, I] -> ŷ: [B, O].
import { Linear, Module } from '@seqmod/nn';
import { type DType, Generator, type Tensor } from '@seqmod/tensor';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent-layer';
import type { RecurrentState } from './recurrent-state';
import { RNN } from './rnn';

/** The recurrent layer a regressor runs: vanilla tanh RNN, LSTM or GRU. */
export type RegressorCell = 'rnn' | 'lstm' | 'gru';

export interface SequenceRegressorOptions {
  /** Outputs of the read-out (default 1). */
  outputSize?: number;
  dtype?: DType;
  /** Generator of the initial weights (default: a fixed seed). */
  rng?: Generator;
}

export class SequenceRegressor extends Module {
  readonly cell: RegressorCell;
  readonly recurrent: RecurrentLayer<RecurrentState>;
  readonly head: Linear;

  constructor(
    cell: RegressorCell,
    inputSize: number,
    hiddenSize: number,
    opts: SequenceRegressorOptions = {},
  ) {
    super();
    const rng = opts.rng ?? new Generator(0);
    const o = { dtype: opts.dtype, rng };
    this.cell = cell;
    const layer =
      cell === 'lstm'
        ? new LSTM(inputSize, hiddenSize, o)
        : cell === 'gru'
          ? new GRU(inputSize, hiddenSize, o)
          : new RNN(inputSize, hiddenSize, o);
    this.recurrent = this.registerModule('rnn', layer);
    this.head = this.registerModule('head', new Linear(hiddenSize, opts.outputSize ?? 1, o));
  }

  /** x: [B, T, I] -> [B, O], read from the hidden state after the last step. */
  forward(x: Tensor): Tensor {
    const [, state] = this.recurrent.forward(x);
    return this.head.forward(state.h.select(0, 0));
  }
}
