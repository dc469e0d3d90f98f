import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { gateCount, hasCellState, type RNNNonlinearity, rnnKind } from '../src/index';

describe('cell kinds', () => {
  it('give torch.nn gate counts and cell states', () => {
    expect([gateCount('rnn_tanh'), gateCount('rnn_relu'), gateCount('lstm'), gateCount('gru')]).toEqual([
      1, 1, 4, 3,
    ]);
    expect([hasCellState('lstm'), hasCellState('gru'), hasCellState('rnn_tanh')]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('map an RNN nonlinearity to its kind', () => {
    expect(rnnKind('tanh')).toBe('rnn_tanh');
    expect(rnnKind('relu')).toBe('rnn_relu');
    expect(() => rnnKind('sigmoid' as RNNNonlinearity)).toThrow(ValueError);
  });
});
