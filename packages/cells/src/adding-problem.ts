// The adding problem (Hochreiter & Schmidhuber 1997, experiment 4; in the form of Le et al. 2015):
// a long-range memory task on which gated cells succeed and the vanilla RNN fails.
//
// Glossary: T sequence length; each step carries two channels, a value v_t ~ U[0, 1) and a marker
// m_t ∈ {0, 1} with exactly two 1s, one in the first half (t < T/2) and one in the second;
// the target is Σ_t m_t·v_t. Predicting the mean 1 always scores MSE = Var(v + v') = 2/12 ≈ 0.167,
// the baseline a model must beat; solving the task means remembering one number for ~T/2 steps.
import { allocate, type DType, type Generator, Tensor, ValueError } from '@seqmod/tensor';

/** The MSE of always predicting 1 (the target's mean): 1/6. */
export const ADDING_PROBLEM_BASELINE = 1 / 6;

export interface AddingProblemBatch {
  /** [B, T, 2]: channel 0 the values, channel 1 the markers. */
  x: Tensor;
  /** [B, 1]: the sum of the two marked values. */
  y: Tensor;
}

/** A batch of B sequences of length T (T ≥ 2) drawn from `rng`. */
export function addingProblemBatch(
  batch: number,
  length: number,
  rng: Generator,
  dtype: DType = 'float32',
): AddingProblemBatch {
  if (!Number.isInteger(batch) || batch < 1)
    throw new ValueError('addingProblemBatch', `batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(length) || length < 2)
    throw new ValueError('addingProblemBatch', `length must be an integer >= 2, got ${length}`);
  const x = allocate(dtype, batch * length * 2);
  const y = allocate(dtype, batch);
  const half = Math.floor(length / 2);
  for (let b = 0; b < batch; b++) {
    const base = b * length * 2;
    for (let t = 0; t < length; t++) x[base + 2 * t] = rng.random();
    const first = rng.randint(0, half);
    const second = rng.randint(half, length);
    x[base + 2 * first + 1] = 1;
    x[base + 2 * second + 1] = 1;
    y[b] = x[base + 2 * first]! + x[base + 2 * second]!;
  }
  return { x: new Tensor(x, [batch, length, 2]), y: new Tensor(y, [batch, 1]) };
}
