import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { LSTM, LSTMCell, setForgetGateBias } from '../src/index';

describe('setForgetGateBias', () => {
  it('sets b_if + b_hf in every layer and direction, leaving the other gates alone', () => {
    const lstm = new LSTM(3, 2, { numLayers: 2, bidirectional: true });
    const before = lstm.param('bias_ih_l1_reverse').toArray();
    setForgetGateBias(lstm, 1.5);
    for (const sfx of ['_l0', '_l0_reverse', '_l1', '_l1_reverse']) {
      const bi = [...lstm.param(`bias_ih${sfx}`).toArray()];
      const bh = [...lstm.param(`bias_hh${sfx}`).toArray()];
      expect(bi.slice(2, 4)).toEqual([1.5, 1.5]);
      expect(bh.slice(2, 4)).toEqual([0, 0]);
    }
    const after = lstm.param('bias_ih_l1_reverse').toArray();
    expect([after[0], after[1], after[4], after[7]]).toEqual([before[0], before[1], before[4], before[7]]);
  });

  it('works on a cell and refuses an LSTM without biases', () => {
    const cell = new LSTMCell(2, 3);
    setForgetGateBias(cell, 1);
    expect([...cell.param('bias_ih').toArray()].slice(3, 6)).toEqual([1, 1, 1]);
    expect(() => setForgetGateBias(new LSTM(2, 3, { bias: false }), 1)).toThrow(ValueError);
  });
});
