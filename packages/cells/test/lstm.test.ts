import { describe, expect, it } from 'vitest';
import { LSTM } from '../src/index';
import { checkAgainstTorch, loadCase } from './torch-fixture';

describe('LSTM', () => {
  it('matches torch.nn.LSTM on a padded batch (pack_padded_sequence), values and gradients', () => {
    const fx = loadCase('packed-lstm-l2-bidir');
    const p = fx.params;
    const lstm = new LSTM(p.input_size, p.hidden_size, {
      numLayers: p.num_layers,
      bidirectional: p.bidirectional,
      dtype: 'float64',
    });
    checkAgainstTorch(lstm, fx);
  });

  it('carries (h, c) states of [numLayers·D, B, H] and uses four gates', () => {
    const lstm = new LSTM(3, 5, { numLayers: 2 });
    const s = lstm.initialState(4);
    expect(s.h.shape).toEqual([2, 4, 5]);
    expect(s.c.shape).toEqual([2, 4, 5]);
    expect(lstm.param('weight_hh_l0').shape).toEqual([20, 5]);
    expect(lstm.kind).toBe('lstm');
  });
});
