// xLSTM (Beck et al. 2024): sLSTM and mLSTM in every form, their cells, layers and blocks.

// Modules: cells, layers, blocks and their parts
export { CausalConv1d, type CausalConv1dOptions } from './causal-conv';
// Gates and the log gate matrix
export { type ForgetGate, logForgetGate } from './forget-gate';
export { GatedFeedForward, type GatedFeedForwardOptions } from './gated-feed-forward';
export { HeadwiseLinear, type HeadwiseLinearOptions } from './headwise-linear';
export { logGateMatrix } from './log-gate-matrix';
export { MlstmBlock, type MlstmBlockOptions } from './mlstm-block';
export { MlstmCell, type MlstmCellOptions, type MlstmForm } from './mlstm-cell';
// mLSTM: parallel, recurrent and chunkwise forms; its state
export { type MlstmChunkwiseOptions, mlstmChunkwise } from './mlstm-chunkwise';
export { MlstmLayer, type MlstmLayerOptions, type MlstmLayerState } from './mlstm-layer';
export { type MlstmOptions, mlstmParallel } from './mlstm-parallel';
export { type MlstmRecurrentOptions, mlstmRecurrent, mlstmStep } from './mlstm-recurrent';
export { checkMlstmState, type MlstmState, mlstmEmptyState, mlstmZeroState } from './mlstm-state';
export { MultiHeadLayerNorm, type MultiHeadLayerNormOptions } from './multi-head-layer-norm';
export { upProjectionSize } from './projection-size';
export { ResidualBlock } from './residual-block';
export type { SequenceLayer } from './sequence-layer';
export { SlstmBlock, type SlstmBlockOptions } from './slstm-block';
export { SlstmCell, type SlstmCellOptions } from './slstm-cell';
export { SlstmLayer, type SlstmLayerOptions, type SlstmLayerState } from './slstm-layer';
// sLSTM: step, scan over a sequence, recurrent weights; its state
export { slstmPointwise } from './slstm-pointwise';
export { headwiseRecurrentToFull, recurrentGates } from './slstm-recurrent-weight';
export { type SlstmOptions, type SlstmSequenceOptions, slstm, slstmScan, slstmStep } from './slstm-sequence';
export { checkSlstmState, type SlstmState, slstmZeroState } from './slstm-state';
