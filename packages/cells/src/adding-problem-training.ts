// Trains a SequenceRegressor on the adding problem and reports the held-out MSE as it goes:
// the classic demonstration that an LSTM bridges long time lags where a vanilla RNN cannot.
import { Adam, mseLoss, train } from '@seqmod/nn';
import { Generator, noGrad } from '@seqmod/tensor';
import { type AddingProblemBatch, addingProblemBatch } from './adding-problem';
import { setForgetGateBias } from './forget-bias';
import type { LSTM } from './lstm';
import { type RegressorCell, SequenceRegressor } from './sequence-regressor';

export interface AddingProblemOptions {
  cell: RegressorCell;
  /** Sequence length T. */
  length: number;
  /** Hidden size (default 64). */
  hiddenSize?: number;
  /** Batch size (default 32). */
  batchSize?: number;
  /** Most updates (default 3000). */
  steps?: number;
  /** Adam learning rate (default 3e-3). */
  lr?: number;
  /** Global gradient-norm clip (default 1). */
  clip?: number;
  /** LSTM only: initial forget-gate bias (see forget-bias.ts); default: PyTorch's init. */
  forgetBias?: number;
  /** Seeds the weights, the data and the held-out set (default 0). */
  seed?: number;
  /** Held-out evaluation every this many updates (default 100), on this many sequences (default 512). */
  evalEvery?: number;
  evalSize?: number;
  /** Stop as soon as the held-out MSE is below this (default: run all steps). */
  targetMse?: number;
  /** Called after each evaluation. */
  onEval?: (e: AddingProblemEval) => void;
  signal?: AbortSignal;
}

export interface AddingProblemEval {
  cell: RegressorCell;
  step: number;
  /** Held-out mean squared error. */
  mse: number;
  /** Smoothed training loss. */
  trainLoss: number;
  elapsedMs: number;
}

export interface AddingProblemResult {
  cell: RegressorCell;
  steps: number;
  /** Held-out MSE at the end. */
  mse: number;
  /** Every evaluation, in order. */
  history: AddingProblemEval[];
  elapsedMs: number;
  model: SequenceRegressor;
}

export async function trainAddingProblem(opts: AddingProblemOptions): Promise<AddingProblemResult> {
  const seed = opts.seed ?? 0;
  const T = opts.length;
  const B = opts.batchSize ?? 32;
  const evalEvery = opts.evalEvery ?? 100;
  const model = new SequenceRegressor(opts.cell, 2, opts.hiddenSize ?? 64, {
    rng: new Generator(`adding-init-${seed}`),
  });
  if (opts.forgetBias !== undefined && opts.cell === 'lstm')
    setForgetGateBias(model.recurrent as LSTM, opts.forgetBias);
  const held = addingProblemBatch(opts.evalSize ?? 512, T, new Generator(`adding-eval-${seed}`));
  const evaluate = () => noGrad(() => mseLoss(model.forward(held.x), held.y).item());
  const dataRng = new Generator(`adding-data-${seed}`);
  const history: AddingProblemEval[] = [];
  const stop = new AbortController();
  opts.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  const start = performance.now();
  const record = (step: number, trainLoss: number) => {
    const e = { cell: opts.cell, step, mse: evaluate(), trainLoss, elapsedMs: performance.now() - start };
    history.push(e);
    opts.onEval?.(e);
    if (opts.targetMse !== undefined && e.mse < opts.targetMse) stop.abort();
  };
  const result = await train<AddingProblemBatch>({
    model,
    optimizer: new Adam(model.parameters(), { lr: opts.lr ?? 3e-3 }),
    clip: opts.clip ?? 1,
    steps: opts.steps ?? 3000,
    data: function* () {
      while (true) yield addingProblemBatch(B, T, dataRng);
    },
    step: (batch) => mseLoss(model.forward(batch.x), batch.y),
    onProgress: (p) => {
      if (p.step % evalEvery === 0) record(p.step, p.smoothedLoss);
    },
    signal: stop.signal,
  });
  if (history.at(-1)?.step !== result.steps) record(result.steps, result.smoothedLoss ?? Number.NaN);
  const last = history.at(-1)!;
  return {
    cell: opts.cell,
    steps: result.steps,
    mse: last.mse,
    history,
    elapsedMs: performance.now() - start,
    model,
  };
}
