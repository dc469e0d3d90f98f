import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { RNN, type RNNNonlinearity } from '../src/index';
import { checkAgainstTorch, loadCase } from './torch-fixture';

describe('RNN', () => {
  it('matches torch.nn.RNN (tanh, 2 layers) on a padded batch, values and gradients', () => {
    const fx = loadCase('packed-rnn-l2-tanh');
    const p = fx.params;
    const rnn = new RNN(p.input_size, p.hidden_size, {
      numLayers: p.num_layers,
      nonlinearity: p.nonlinearity,
      dtype: 'float64',
    });
    checkAgainstTorch(rnn, fx);
  });

  it('takes tanh (default) or relu, and nothing else', () => {
    expect(new RNN(2, 3).kind).toBe('rnn_tanh');
    expect(new RNN(2, 3, { nonlinearity: 'relu' }).kind).toBe('rnn_relu');
    expect(new RNN(2, 3, { nonlinearity: 'relu' }).nonlinearity).toBe('relu');
    expect(() => new RNN(2, 3, { nonlinearity: 'sigmoid' as RNNNonlinearity })).toThrow(ValueError);
  });
});
