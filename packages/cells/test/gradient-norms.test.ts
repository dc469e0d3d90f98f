import { Generator } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { addingProblemBatch, gradientNormsOf, gradientNormsOverTime, SequenceRegressor } from '../src/index';

/** Decades (log10) by which the norm shrinks from the loss's step back to step 0. */
const decades = (norms: number[]) => Math.log10(norms.at(-1)! / norms[0]!);

describe('gradientNormsOverTime', () => {
  it('shows the RNN gradient vanishing much faster with distance than the LSTM gradient', () => {
    const g = gradientNormsOverTime({ length: 60, hiddenSize: 16, batch: 8 });
    expect(g.t).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(g.rnn.length).toBe(60);
    expect(g.rnn.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    // ≈ 15 decades for the RNN over 60 steps, ≈ 5 for the LSTM with forget bias 1.
    expect(decades(g.rnn)).toBeGreaterThan(decades(g.lstm) + 5);
    // Monotone on average: the far half is smaller than the near half, for both.
    for (const curve of [g.rnn, g.lstm])
      expect(Math.max(...curve.slice(0, 20))).toBeLessThan(Math.min(...curve.slice(50)));
  });

  it("still separates them at PyTorch's default init, by less", () => {
    const torchInit = gradientNormsOverTime({ length: 60, hiddenSize: 16, batch: 8, forgetBias: null });
    const opened = gradientNormsOverTime({ length: 60, hiddenSize: 16, batch: 8 });
    expect(decades(torchInit.rnn)).toBeGreaterThan(decades(torchInit.lstm));
    // An open forget gate (bias 1) keeps the LSTM's gradient alive over more steps.
    expect(decades(torchInit.lstm)).toBeGreaterThan(decades(opened.lstm) + 2);
  });

  it("gives the norm of the gradient of the loss w.r.t. each step's hidden state (closed form at the last step)", () => {
    const model = new SequenceRegressor('lstm', 2, 4, { dtype: 'float64', rng: new Generator(1) });
    const { x, y } = addingProblemBatch(2, 5, new Generator(2), 'float64');
    const norms = gradientNormsOf(model, x, y);
    // L = mean((W h_T + b − y)²) over B = 2: ∂L/∂h_T = (2/B)·(ŷ − y)·W.
    const w = model.head.weight.toArray();
    const yHat = model.forward(x).toArray();
    let s = 0;
    for (let b = 0; b < 2; b++)
      for (let j = 0; j < 4; j++) s += ((2 / 2) * (yHat[b]! - y.get(b, 0)) * w[j]!) ** 2;
    expect(norms[4]).toBeCloseTo(Math.sqrt(s), 12);
  });
});
