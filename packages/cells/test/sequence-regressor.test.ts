import { Generator, noGrad } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { SequenceRegressor } from '../src/index';
import { expectAllClose } from './close';
import { randn } from './random-tensors';

describe('SequenceRegressor', () => {
  it('reads the last hidden state through a linear head, under torch-like names', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const m = new SequenceRegressor(cell, 2, 3, { outputSize: 2, dtype: 'float64', rng: new Generator(1) });
      expect(Object.keys(m.stateDict())).toEqual([
        'rnn.weight_ih_l0',
        'rnn.weight_hh_l0',
        'rnn.bias_ih_l0',
        'rnn.bias_hh_l0',
        'head.weight',
        'head.bias',
      ]);
      const x = randn([4, 5, 2], 2);
      const out = noGrad(() => m.forward(x));
      const [y] = noGrad(() => m.recurrent.forward(x));
      expect(out.shape).toEqual([4, 2]);
      expectAllClose(
        out,
        noGrad(() => m.head.forward(y.select(1, 4))),
        1e-14,
        1e-15,
      );
    }
  });
});
