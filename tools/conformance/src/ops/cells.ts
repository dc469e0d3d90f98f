// Conformance adapters for the RNN / LSTM / GRU half of @seqmod/cells: fixture op -> library call.
//   rnn, lstm, gru                 torch.nn.RNN / LSTM / GRU   -> RNN / LSTM / GRU.forward
//   rnn_cell, lstm_cell, gru_cell  torch.nn.*Cell              -> *Cell.step
// The fixtures' weights load through loadStateDict under their torch names, so the adapter also
// proves that a torch state_dict loads unchanged. torch's sequence layout is [T, B, I] (layout
// "TBI"); the library's is [B, T, I], so x and the output are transposed here (differentiably:
// grad_x comes back in the fixture's layout). Beyond the shared schema, a layer case may carry
// `lengths` [B] (a padded batch) and cotangents g_h_n, g_c_n besides g_output.
import {
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  type RecurrentCell,
  type RecurrentLayer,
  type RecurrentState,
  RNN,
  RNNCell,
  type RNNNonlinearity,
} from '@seqmod/cells';
import { add, mul, sum, type Tensor, transpose } from '@seqmod/tensor';
import { NotImplemented, type OpTable, type Output, type RunOptions } from '../adapter';
import { gradOf, input, output, param, toTensor } from '../convert';
import type { Fixture } from '../fixture';

type LayerKind = 'rnn' | 'lstm' | 'gru';

function isWeightName(name: string): boolean {
  return /^(weight|bias)_(ih|hh)(_l\d+(_reverse)?)?$/.test(name);
}

/** The fixture's weights as a state dict, in the compute dtype. */
function stateDictOf(fx: Fixture, dtype: RunOptions['dtype']): Record<string, Tensor> {
  const sd: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(fx.inputs)) if (isWeightName(name)) sd[name] = toTensor(t, dtype);
  return sd;
}

function buildLayer(
  kind: LayerKind,
  fx: Fixture,
  dtype: RunOptions['dtype'],
): RecurrentLayer<RecurrentState> {
  const I = param<number>(fx, 'input_size');
  const H = param<number>(fx, 'hidden_size');
  const opts = {
    numLayers: param<number>(fx, 'num_layers', 1),
    bidirectional: param<boolean>(fx, 'bidirectional', false),
    bias: 'bias_ih_l0' in fx.inputs,
    dtype,
  };
  if (kind === 'lstm') return new LSTM(I, H, opts);
  if (kind === 'gru') return new GRU(I, H, opts);
  return new RNN(I, H, { ...opts, nonlinearity: param<RNNNonlinearity>(fx, 'nonlinearity', 'tanh') });
}

/** x [T, B, I] or [B, T, I] (layout) -> output, h_n, c_n and the gradients the fixture expects. */
function runLayer(kind: LayerKind) {
  return (fx: Fixture, { dtype }: RunOptions) => {
    const layout = param<string>(fx, 'layout', 'TBI');
    if (layout !== 'TBI' && layout !== 'BTI') throw new NotImplemented(`layout ${layout}`);
    const layer = buildLayer(kind, fx, dtype);
    layer.loadStateDict(stateDictOf(fx, dtype));
    const wantGrad = (name: string) => `grad_${name}` in fx.expected;
    const x = toTensor(input(fx, 'x'), dtype, wantGrad('x'));
    const state: RecurrentState | undefined =
      'h0' in fx.inputs
        ? {
            h: toTensor(input(fx, 'h0'), dtype, wantGrad('h0')),
            ...('c0' in fx.inputs ? { c: toTensor(input(fx, 'c0'), dtype, wantGrad('c0')) } : {}),
          }
        : undefined;
    // Optional `lengths` [B] (integer-valued): a padded batch, as torch's pack_padded_sequence.
    const lengths = 'lengths' in fx.inputs ? input(fx, 'lengths').data : undefined;
    const [y, final] = layer.forward(layout === 'TBI' ? transpose(x, 0, 1) : x, state, { lengths });
    const out = layout === 'TBI' ? transpose(y, 0, 1) : y;
    const results: Record<string, Tensor> = { output: out, h_n: final.h };
    if (final.c) results['c_n'] = final.c;
    const outputs: Record<string, Output> = {};
    for (const [name, t] of Object.entries(results)) outputs[name] = output(t);
    // The scalar Σ_k sum(out_k ⊙ g_out_k) over every cotangent the fixture gives.
    let loss: Tensor | null = null;
    for (const [name, t] of Object.entries(results)) {
      const g = fx.inputs[`g_${name}`];
      if (!g) continue;
      const term = sum(mul(t, toTensor(g, dtype)));
      loss = loss ? add(loss, term) : term;
    }
    if (loss) {
      loss.backward();
      const params = Object.fromEntries(layer.namedParameters());
      for (const key of Object.keys(fx.expected)) {
        if (!key.startsWith('grad_')) continue;
        const name = key.slice(5);
        const t = name === 'x' ? x : name === 'h0' ? state?.h : name === 'c0' ? state?.c : params[name];
        if (t) outputs[key] = gradOf(t);
      }
    }
    return { outputs };
  };
}

function buildCell(kind: LayerKind, fx: Fixture, dtype: RunOptions['dtype']): RecurrentCell<RecurrentState> {
  const I = param<number>(fx, 'input_size');
  const H = param<number>(fx, 'hidden_size');
  const opts = { bias: 'bias_ih' in fx.inputs, dtype };
  if (kind === 'lstm') return new LSTMCell(I, H, opts);
  if (kind === 'gru') return new GRUCell(I, H, opts);
  return new RNNCell(I, H, { ...opts, nonlinearity: param<RNNNonlinearity>(fx, 'nonlinearity', 'tanh') });
}

/** One step: x [B, I], h (and c) [B, H] -> h (and c). */
function runCell(kind: LayerKind) {
  return (fx: Fixture, { dtype }: RunOptions) => {
    const cell = buildCell(kind, fx, dtype);
    cell.loadStateDict(stateDictOf(fx, dtype));
    const x = toTensor(input(fx, 'x'), dtype);
    const state: RecurrentState | undefined =
      'h' in fx.inputs
        ? {
            h: toTensor(input(fx, 'h'), dtype),
            ...('c' in fx.inputs ? { c: toTensor(input(fx, 'c'), dtype) } : {}),
          }
        : undefined;
    const [, next] = cell.step(x, state);
    const outputs: Record<string, Output> = { h: output(next.h) };
    if (next.c) outputs['c'] = output(next.c);
    return { outputs };
  };
}

export const cellsOps: OpTable = {
  rnn: runLayer('rnn'),
  lstm: runLayer('lstm'),
  gru: runLayer('gru'),
  rnn_cell: runCell('rnn'),
  lstm_cell: runCell('lstm'),
  gru_cell: runCell('gru'),
};
