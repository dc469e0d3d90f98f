// @seqmod/cells public API.
// RNN / LSTM / GRU (PyTorch-compatible): exports below this line.
export { ADDING_PROBLEM_BASELINE, type AddingProblemBatch, addingProblemBatch } from './adding-problem';
export {
  type AddingProblemEval,
  type AddingProblemOptions,
  type AddingProblemResult,
  trainAddingProblem,
} from './adding-problem-training';
export { type CellKind, gateCount, hasCellState, type RNNNonlinearity, rnnKind } from './cell-kind';
export { type DirectionOptions, type DirectionWeights, runDirection } from './direction';
export { setForgetGateBias } from './forget-bias';
export {
  type GradientNormOptions,
  type GradientNorms,
  gradientNormsOf,
  gradientNormsOverTime,
} from './gradient-norms';
export { GRU, type GRUOptions } from './gru';
export { GRUCell, type GRUCellOptions } from './gru-cell';
export { LSTM, type LSTMOptions } from './lstm';
export { LSTMCell, type LSTMCellOptions } from './lstm-cell';
export { type RecurrenceOptions, type RecurrenceResult, recurrence } from './recurrence';
export { RecurrentCell, type RecurrentCellOptions } from './recurrent-cell';
export { RecurrentLayer, type RecurrentLayerOptions, type SequenceOptions } from './recurrent-layer';
export {
  checkState,
  type HiddenState,
  type LSTMState,
  type RecurrentState,
  zeroState,
} from './recurrent-state';
export { RNN, type RNNOptions } from './rnn';
export { RNNCell, type RNNCellOptions } from './rnn-cell';
export { checkLengths, type Lengths } from './sequence-lengths';
export { type RegressorCell, SequenceRegressor, type SequenceRegressorOptions } from './sequence-regressor';

// xLSTM (sLSTM, mLSTM and their blocks): exported from ./xlstm/index.
export * from './xlstm/index';
