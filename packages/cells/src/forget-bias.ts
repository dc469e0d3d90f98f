// Setting the LSTM's forget-gate bias: Gers et al. 2000 start the forget gate open (positive bias)
// so that the cell remembers by default; Jozefowicz et al. 2015 recommend a bias of 1. PyTorch
// draws it from U(−1/√H, 1/√H) like every other bias (f ≈ σ(0) = 1/2, so memory halves per step).
import { noGrad, ValueError } from '@seqmod/tensor';
import type { LSTM } from './lstm';
import type { LSTMCell } from './lstm-cell';

/**
 * Sets the forget-gate block (rows H..2H, gate order i, f, g, o) of every bias_ih to `value` and of
 * every bias_hh to 0, so that b_if + b_hf = value in every layer and direction. In place.
 */
export function setForgetGateBias(lstm: LSTM | LSTMCell, value: number): void {
  if (!lstm.bias) throw new ValueError('setForgetGateBias', 'the LSTM has no biases (bias: false)');
  const H = lstm.hiddenSize;
  noGrad(() => {
    for (const [name, p] of lstm.namedParameters()) {
      if (!name.startsWith('bias_')) continue;
      const v = name.startsWith('bias_ih') ? value : 0;
      for (let j = H; j < 2 * H; j++) p.data[p.offset + j] = v;
    }
  });
}
