// The four recurrent cells of torch.nn and how their weights are laid out.
//
// Glossary (PyTorch torch.nn.RNN / LSTM / GRU docs; Elman 1990, Hochreiter & Schmidhuber 1997 with
// the forget gate of Gers et al. 2000, Cho et al. 2014):
//   H      hidden size; G gates per cell, so weight_ih is [G·H, I] and weight_hh is [G·H, H]
//   rnn    h' = φ(W_ih x + b_ih + W_hh h + b_hh), φ = tanh or relu              G = 1
//   lstm   blocks of G·H in the order i, f, g, o (input, forget, cell candidate, output)   G = 4
//   gru    blocks in the order r, z, n (reset, update, new)                     G = 3

import { ValueError } from '@seqmod/tensor';

/** Which recurrence a layer runs. */
export type CellKind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

/** The nonlinearity of a vanilla RNN (torch.nn.RNN's `nonlinearity`). */
export type RNNNonlinearity = 'tanh' | 'relu';

/** The kind of a vanilla RNN with nonlinearity φ. */
export function rnnKind(nonlinearity: RNNNonlinearity): CellKind {
  if (nonlinearity === 'tanh') return 'rnn_tanh';
  if (nonlinearity === 'relu') return 'rnn_relu';
  throw new ValueError('RNN', `nonlinearity must be 'tanh' or 'relu', got ${String(nonlinearity)}`);
}

/** Gates per cell: the row count of the weights is gateCount · H. */
export function gateCount(kind: CellKind): 1 | 3 | 4 {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
}

/** Whether the cell carries a memory cell c besides h (only the LSTM). */
export function hasCellState(kind: CellKind): boolean {
  return kind === 'lstm';
}

/** The user-facing name of a kind, for error messages. */
export function kindName(kind: CellKind): string {
  return kind === 'lstm' ? 'LSTM' : kind === 'gru' ? 'GRU' : 'RNN';
}
