// @seqmod/cells public API.
// RNN / LSTM / GRU (PyTorch-compatible): exports below this line.

// xLSTM (sLSTM, mLSTM and their blocks): exported from ./xlstm/index.
export * from './xlstm/index';
