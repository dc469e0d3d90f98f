import { ShapeError, stack, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MlstmCell, type MlstmForm } from '../../src/xlstm/mlstm-cell';
import { mlstmRecurrent } from '../../src/xlstm/mlstm-recurrent';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';

function cell(form: MlstmForm = 'parallel', seed = 1, chunkSize = 3) {
  const c = new MlstmCell(6, 2, { form, chunkSize, dtype: 'float64' });
  scrambleParameters(c, seed);
  return c;
}

describe('MlstmCell', () => {
  it('has the reference’s parameters and gate initialisation', () => {
    const c = new MlstmCell(8, 4);
    const sd = c.stateDict();
    expect(Object.keys(sd).sort()).toEqual([
      'fgate.bias',
      'fgate.weight',
      'igate.bias',
      'igate.weight',
      'outnorm.weight',
    ]);
    expect(sd['igate.weight']!.shape).toEqual([4, 24]);
    expect(sd['igate.weight']!.toArray().every((v) => v === 0)).toBe(true);
    expect(sd['fgate.weight']!.toArray().every((v) => v === 0)).toBe(true);
    expect(Array.from(sd['fgate.bias']!.toArray())).toEqual([3, 4, 5, 6]);
    expect(sd['igate.bias']!.toArray().some((v) => v !== 0)).toBe(true);
  });
  it('every form gives the same outputs: parallel, chunkwise (several chunk sizes), recurrent', () => {
    const q = randn([2, 7, 6], 2);
    const k = randn([2, 7, 6], 3);
    const v = randn([2, 7, 6], 4);
    const want = cell('parallel').forward(q, k, v);
    expectClose(cell('recurrent').forward(q, k, v), want, 1e-10, 1e-12);
    for (const chunkSize of [1, 3, 4, 7, 10])
      expectClose(cell('chunkwise', 1, chunkSize).forward(q, k, v), want, 1e-10, 1e-12);
  });
  it('step by step equals forward; prefill’s state is the recurrence’s', () => {
    const c = cell('parallel', 5);
    const q = randn([2, 5, 6], 6);
    const k = randn([2, 5, 6], 7);
    const v = randn([2, 5, 6], 8);
    const want = c.forward(q, k, v);
    let state = c.initialState(2);
    const hs = [];
    for (let t = 0; t < 5; t++) {
      const [h, next] = c.step(q.select(1, t), k.select(1, t), v.select(1, t), state);
      hs.push(h);
      state = next;
    }
    expectClose(stack(hs, 1), want, 1e-10, 1e-12);
    const [hp, sp] = c.prefill(q, k, v);
    expectClose(hp, want, 1e-10, 1e-12);
    expectClose(sp.c, state.c, 1e-10, 1e-12);
    expectClose(sp.m, state.m, 1e-12, 1e-12);
  });
  it('the gates read [q; k; v] per step and head', () => {
    const c = cell('recurrent', 9);
    const q = randn([1, 3, 6], 10);
    const k = randn([1, 3, 6], 11);
    const v = randn([1, 3, 6], 12);
    const sd = c.stateDict();
    const qkv = [q, k, v].map((t) => t.toArray());
    const gate = (name: string, t: number, h: number) => {
      let s = sd[`${name}.bias`]!.get(h);
      for (let j = 0; j < 18; j++)
        s += sd[`${name}.weight`]!.get(h, j) * qkv[Math.floor(j / 6)]![t * 6 + (j % 6)]!;
      return s;
    };
    const heads = (t: typeof q) => t.reshape(1, 3, 2, 3).permute(0, 2, 1, 3);
    const i = randn([1, 2, 3], 0).mul(0);
    const f = randn([1, 2, 3], 0).mul(0);
    for (let t = 0; t < 3; t++)
      for (let h = 0; h < 2; h++) {
        i.data[h * 3 + t] = gate('igate', t, h);
        f.data[h * 3 + t] = gate('fgate', t, h);
      }
    const h = mlstmRecurrent(heads(q), heads(k), heads(v), i, f).h.permute(0, 2, 1, 3).reshape(1, 3, 6);
    const normed = (
      Object.fromEntries(c.children()).outnorm as unknown as { forward(x: typeof h): typeof h }
    ).forward(h);
    expectClose(c.forward(q, k, v), normed, 1e-13, 1e-14);
  });
  it('gradients in every parameter, for the parallel and chunkwise forms', () => {
    const q = randn([1, 3, 6], 13);
    const k = randn([1, 3, 6], 14);
    const v = randn([1, 3, 6], 15);
    for (const form of ['parallel', 'chunkwise'] as const) {
      const c = cell(form, 16, 2);
      assertModuleGradcheck(c, () => c.forward(q, k, v));
    }
  });
  it('checks its configuration and inputs', () => {
    expect(() => new MlstmCell(6, 4)).toThrow(ValueError);
    const c = new MlstmCell(6, 2);
    const q = randn([1, 3, 6], 1, 'float32');
    expect(() => c.forward(q, q, randn([1, 3, 5], 1, 'float32'))).toThrow(ShapeError);
    expect(() => c.step(q, q, q)).toThrow(/MlstmCell.step: q, k, v must all be \[B, 6\]/);
  });
});
