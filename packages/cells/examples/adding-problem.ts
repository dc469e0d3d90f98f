// The adding problem (Hochreiter & Schmidhuber 1997) at T = 100: an LSTM learns it, a vanilla RNN
// given as many updates stays at the baseline MSE of 1/6.
//
//   node --conditions=@seqmod/source --import tsx examples/adding-problem.ts [--length 100]
//        [--hidden 32] [--steps 4000] [--lr 0.01] [--batch 32] [--seed 0]
import { parseArgs } from 'node:util';
import {
  ADDING_PROBLEM_BASELINE,
  type AddingProblemEval,
  type AddingProblemResult,
  trainAddingProblem,
} from '@seqmod/cells';

const { values } = parseArgs({
  options: {
    length: { type: 'string', default: '100' },
    hidden: { type: 'string', default: '32' },
    steps: { type: 'string', default: '4000' },
    lr: { type: 'string', default: '0.01' },
    batch: { type: 'string', default: '32' },
    seed: { type: 'string', default: '0' },
  },
});
const common = {
  length: Number(values.length),
  hiddenSize: Number(values.hidden),
  lr: Number(values.lr),
  batchSize: Number(values.batch),
  seed: Number(values.seed),
  evalEvery: 100,
  evalSize: 256,
  onEval: (e: AddingProblemEval) =>
    console.log(
      `${e.cell.padEnd(4)}  step ${String(e.step).padStart(5)}  held-out MSE ${e.mse.toFixed(4)}  ` +
        `train ${e.trainLoss.toFixed(4)}  ${(e.elapsedMs / 1000).toFixed(0)} s`,
    ),
};

console.log(`adding problem, T = ${common.length}, baseline MSE ${ADDING_PROBLEM_BASELINE.toFixed(3)}`);
const lstm = await trainAddingProblem({
  ...common,
  cell: 'lstm',
  steps: Number(values.steps),
  targetMse: 0.01,
});
// The RNN gets as many updates as the LSTM needed (at least 1000).
const rnn = await trainAddingProblem({ ...common, cell: 'rnn', steps: Math.max(lstm.steps, 1000) });

const row = (r: AddingProblemResult) =>
  `| ${r.cell.toUpperCase()} | ${r.steps} | ${r.mse.toFixed(4)} | ${(r.elapsedMs / 1000).toFixed(0)} s |`;
console.log(
  ['', '| cell | updates | held-out MSE | time |', '| --- | --- | --- | --- |', row(lstm), row(rnn)].join(
    '\n',
  ),
);
