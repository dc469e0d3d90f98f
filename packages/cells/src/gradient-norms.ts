// Vanishing gradients made visible (Bengio et al. 1994; Hochreiter & Schmidhuber 1997): the norm
// of ∂L/∂h_t for every step t of a sequence whose loss reads only the last step. Through a vanilla
// RNN it shrinks geometrically with the distance T−1−t; through the LSTM's cell state it shrinks
// as the product of the forget gates, slowly when they stay open.
//
// Glossary: T length; h_t the hidden state after step t; L the loss of the read-out of h_{T−1}
// against the adding-problem target. The layers run in step mode so that every h_t is a tensor
// of its own on the tape, whose gradient retainGrad() keeps.
import { mseLoss } from '@seqmod/nn';
import { Generator, type Tensor } from '@seqmod/tensor';
import { addingProblemBatch } from './adding-problem';
import { setForgetGateBias } from './forget-bias';
import type { LSTM } from './lstm';
import type { RecurrentState } from './recurrent-state';
import { SequenceRegressor } from './sequence-regressor';

export interface GradientNormOptions {
  /** Sequence length T (default 100). */
  length?: number;
  /** Hidden size of the fresh models (default 32). */
  hiddenSize?: number;
  /** Sequences averaged into the loss (default 16). */
  batch?: number;
  /** Seeds the inputs and the fresh models (default 0). */
  seed?: number;
  /**
   * Forget-gate bias of the fresh LSTM (default 1, see forget-bias.ts); null keeps PyTorch's
   * default init, under which the LSTM's gradient also decays, only more slowly.
   */
  forgetBias?: number | null;
  /** Models to measure instead of fresh ones (e.g. trained on the adding problem, 2 inputs). */
  models?: { rnn: SequenceRegressor; lstm: SequenceRegressor };
}

export interface GradientNorms {
  /** Time steps 0..T−1. */
  t: number[];
  /** ‖∂L/∂h_t‖ through the vanilla RNN and through the LSTM. */
  rnn: number[];
  lstm: number[];
}

/** ‖∂L/∂h_t‖ for t = 0..T−1 of one model on inputs x [B, T, 2] with targets y [B, 1]. */
export function gradientNormsOf(model: SequenceRegressor, x: Tensor, y: Tensor): number[] {
  const T = x.shape[1]!;
  const layer = model.recurrent;
  const hs: Tensor[] = [];
  let state: RecurrentState | undefined;
  for (let t = 0; t < T; t++) {
    const [h, next] = layer.step(x.select(1, t), state);
    hs.push(h.retainGrad());
    state = next;
  }
  model.zeroGrad();
  mseLoss(model.head.forward(hs[T - 1]!), y).backward();
  return hs.map((h) => {
    const g = h.grad ? h.grad.toArray() : [];
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i]! * g[i]!;
    return Math.sqrt(s);
  });
}

/** The curves for the web lab: { t, rnn, lstm } (float64, so tiny norms do not underflow early). */
export function gradientNormsOverTime(opts: GradientNormOptions = {}): GradientNorms {
  const T = opts.length ?? 100;
  const seed = opts.seed ?? 0;
  const H = opts.hiddenSize ?? 32;
  const { x, y } = addingProblemBatch(
    opts.batch ?? 16,
    T,
    new Generator(`gradient-norms-${seed}`),
    'float64',
  );
  const models = opts.models ?? {
    rnn: new SequenceRegressor('rnn', 2, H, { dtype: 'float64', rng: new Generator(`gn-rnn-${seed}`) }),
    lstm: new SequenceRegressor('lstm', 2, H, { dtype: 'float64', rng: new Generator(`gn-lstm-${seed}`) }),
  };
  const forgetBias = opts.forgetBias === undefined ? 1 : opts.forgetBias;
  if (!opts.models && forgetBias !== null) setForgetGateBias(models.lstm.recurrent as LSTM, forgetBias);
  const run = (m: SequenceRegressor) => gradientNormsOf(m, x.to(m.recurrent.dtype), y.to(m.recurrent.dtype));
  return { t: Array.from({ length: T }, (_, i) => i), rnn: run(models.rnn), lstm: run(models.lstm) };
}
