import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { RNNCell, type RNNNonlinearity } from '../src/index';

describe('RNNCell', () => {
  it('takes tanh (default) or relu; relu outputs are never negative', () => {
    expect(new RNNCell(2, 3).kind).toBe('rnn_tanh');
    const relu = new RNNCell(2, 3, { nonlinearity: 'relu' });
    expect(relu.kind).toBe('rnn_relu');
    const [y] = relu.step(relu.initialState(4).h.slice(1, 0, 2).sub(3));
    expect([...y.toArray()].every((v) => v >= 0)).toBe(true);
    expect(() => new RNNCell(2, 3, { nonlinearity: 'gelu' as RNNNonlinearity })).toThrow(ValueError);
  });
});
