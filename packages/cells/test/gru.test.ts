import { describe, expect, it } from 'vitest';
import { GRU } from '../src/index';
import { checkAgainstTorch, loadCase } from './torch-fixture';

describe('GRU', () => {
  it('matches torch.nn.GRU on a padded batch (pack_padded_sequence), values and gradients', () => {
    const fx = loadCase('packed-gru-l1-bidir');
    const p = fx.params;
    const gru = new GRU(p.input_size, p.hidden_size, {
      numLayers: p.num_layers,
      bidirectional: p.bidirectional,
      dtype: 'float64',
    });
    checkAgainstTorch(gru, fx);
  });

  it('carries an h state only and uses three gates', () => {
    const gru = new GRU(3, 5, { bidirectional: true });
    const s = gru.initialState(4);
    expect(s.h.shape).toEqual([2, 4, 5]);
    expect('c' in s).toBe(false);
    expect(gru.param('weight_ih_l0_reverse').shape).toEqual([15, 3]);
  });
});
