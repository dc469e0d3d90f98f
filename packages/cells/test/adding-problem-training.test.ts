// The classic result, scaled down to run in seconds: at T = 30 the LSTM solves the adding problem
// while the vanilla RNN, given more updates, stays near the baseline MSE of 1/6. The full T = 100
// run is examples/adding-problem.ts (see the README).
import { describe, expect, it } from 'vitest';
import { ADDING_PROBLEM_BASELINE, trainAddingProblem } from '../src/index';

describe('trainAddingProblem', () => {
  it('separates the LSTM (solves it) from the vanilla RNN (stays at the baseline), T = 30', async () => {
    const common = {
      length: 30,
      hiddenSize: 32,
      lr: 0.01,
      batchSize: 32,
      evalEvery: 100,
      evalSize: 256,
      seed: 0,
    };
    const lstm = await trainAddingProblem({ ...common, cell: 'lstm', steps: 1500, targetMse: 0.01 });
    const rnn = await trainAddingProblem({ ...common, cell: 'rnn', steps: Math.max(lstm.steps, 1000) });
    expect(lstm.mse).toBeLessThan(0.01);
    expect(rnn.mse).toBeGreaterThan(0.6 * ADDING_PROBLEM_BASELINE);
    expect(rnn.steps).toBeGreaterThanOrEqual(lstm.steps);
    // The history records every evaluation, the last one being the result.
    expect(lstm.history.at(-1)!.mse).toBe(lstm.mse);
    expect(lstm.history.every((e, i) => i === 0 || e.step > lstm.history[i - 1]!.step)).toBe(true);
  });
});
