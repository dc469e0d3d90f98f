// Conformance adapters for the xLSTM cells of @seqmod/cells (mlstm_parallel, mlstm_recurrent, slstm).
// The fixtures' gates are [B, NH, S, 1] and the states carry singleton axes of the reference; the
// library keeps [B, NH, S] and [B, NH] and takes the layouts here.
import { mlstmParallel, mlstmRecurrent, mlstmZeroState, slstm } from '@seqmod/cells';
import { squeeze, type Tensor } from '@seqmod/tensor';
import { NotImplemented, type OpTable, type RunOptions } from '../adapter';
import { input, output, param, toTensor } from '../convert';
import type { Fixture } from '../fixture';

/** q, k, v [B, NH, S, DH] and the gates as [B, NH, S]. */
function mlstmInputs(fx: Fixture, dtype: RunOptions['dtype']) {
  const [q, k, v, i, f] = ['q', 'k', 'v', 'igate_preact', 'fgate_preact'].map((n) =>
    toTensor(input(fx, n), dtype),
  ) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  return { q, k, v, i: squeeze(i, -1), f: squeeze(f, -1) };
}

export const xlstmOps: OpTable = {
  mlstm_parallel: (fx, { dtype }) => {
    const { q, k, v, i, f } = mlstmInputs(fx, dtype);
    const h = mlstmParallel(q, k, v, i, f, { eps: param<number>(fx, 'eps', 1e-6) });
    return { outputs: { h: output(h) } };
  },

  mlstm_recurrent: (fx, { dtype }) => {
    const { q, k, v, i, f } = mlstmInputs(fx, dtype);
    const [B, NH, , DH] = q.shape as [number, number, number, number];
    const { h, state } = mlstmRecurrent(q, k, v, i, f, {
      eps: param<number>(fx, 'eps', 1e-6),
      state: mlstmZeroState(B, NH, DH, dtype),
    });
    return {
      outputs: { h: output(h), c_state: output(state.c), n_state: output(state.n), m_state: output(state.m) },
    };
  },

  slstm: (fx, { dtype }) => {
    const order = param<string>(fx, 'gate_order', 'i,f,z,o');
    if (order.replace(/\s+/g, '') !== 'i,f,z,o')
      throw new NotImplemented(`slstm gate_order ${order} (only i,f,z,o)`);
    const [x, W, R, b] = ['x', 'W', 'R', 'b'].map((n) => toTensor(input(fx, n), dtype)) as [
      Tensor,
      Tensor,
      Tensor,
      Tensor,
    ];
    const { y, state } = slstm(x, W, R, b);
    return { outputs: { y: output(y), c: output(state.c), n: output(state.n), m: output(state.m) } };
  },
};
