import { add, assertGradcheck, fromArray, stack } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { SlstmBlock } from '../../src/xlstm/slstm-block';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';
import reference from './reference-blocks.json';

function block(seed: number, feedForward = true) {
  const b = new SlstmBlock(4, { numHeads: 2, roundUpTo: 1, feedForward, dtype: 'float64' });
  scrambleParameters(b, seed);
  return b;
}

describe('SlstmBlock', () => {
  it('has the reference’s state-dict names', () => {
    const names = Object.keys(new SlstmBlock(8, { numHeads: 2 }).stateDict()).sort();
    expect(names).toEqual([
      'ffn.proj_down.weight',
      'ffn.proj_up.weight',
      'ffn_norm.weight',
      'xlstm.conv1d.conv.bias',
      'xlstm.conv1d.conv.weight',
      'xlstm.fgate.weight',
      'xlstm.group_norm.weight',
      'xlstm.igate.weight',
      'xlstm.ogate.weight',
      'xlstm.slstm_cell.bias',
      'xlstm.slstm_cell.recurrent_kernel',
      'xlstm.zgate.weight',
      'xlstm_norm.weight',
    ]);
    // The MLP's width: 4/3 · 8 rounded up to 64.
    expect(new SlstmBlock(8, { numHeads: 2 }).stateDict()['ffn.proj_up.weight']!.shape).toEqual([128, 8]);
  });
  it('loads reference weights and gives the reference’s outputs (torch, float64)', () => {
    const b = new SlstmBlock(4, { numHeads: 2, roundUpTo: 1, dtype: 'float64' });
    expect(b.loadStateDict(reference.slstm.state_dict)).toEqual({ missing: [], unexpected: [] });
    const x = fromArray(reference.x.data, reference.x.shape, { dtype: 'float64' });
    expectClose(b.forward(x), reference.slstm.y.data, 1e-11, 1e-13);
  });
  it('is x + sLSTM(LN x), then + MLP(LN x)', () => {
    const b = block(1);
    const x = randn([2, 4, 4], 2);
    const mods = Object.fromEntries(b.children()) as unknown as Record<
      string,
      { forward(t: typeof x): typeof x }
    >;
    const h = add(x, mods.xlstm!.forward(mods.xlstm_norm!.forward(x)));
    expectClose(b.forward(x), add(h, mods.ffn!.forward(mods.ffn_norm!.forward(h))), 1e-14, 1e-15);
    const noFfn = block(1, false);
    expect(Object.keys(noFfn.stateDict())).not.toContain('ffn_norm.weight');
  });
  it('forward equals step-by-step generation, and prefill hands over to step', () => {
    const b = block(3);
    const x = randn([2, 7, 4], 4);
    const y = b.forward(x);
    let state = b.initialState(2);
    const ys = [];
    for (let t = 0; t < 7; t++) {
      const [yt, next] = b.step(x.select(1, t), state);
      ys.push(yt);
      state = next;
    }
    expectClose(stack(ys, 1), y, 1e-13, 1e-14);
    const [yp, s3] = b.prefill(x.slice(1, 0, 3));
    expectClose(yp, y.slice(1, 0, 3), 0, 0);
    const [y3] = b.step(x.select(1, 3), s3);
    expectClose(y3, y.select(1, 3), 1e-13, 1e-14);
  });
  it('dropout (layer and MLP) acts in train mode only', () => {
    const plain = block(11);
    const dropped = new SlstmBlock(4, { numHeads: 2, roundUpTo: 1, dropout: 0.5, dtype: 'float64' });
    scrambleParameters(dropped, 11);
    const x = randn([1, 5, 4], 12);
    expect(Array.from(dropped.forward(x).toArray())).not.toEqual(Array.from(plain.forward(x).toArray()));
    dropped.eval();
    expectClose(dropped.forward(x), plain.forward(x), 0, 0);
    expectClose(dropped.step(x.select(1, 0))[0], plain.forward(x).select(1, 0), 1e-14, 1e-15);
  });
  it('gradients in the input and every parameter', () => {
    const b = block(5);
    assertGradcheck((x) => b.forward(x), [randn([1, 3, 4], 6)]);
    const x = randn([1, 3, 4], 7);
    assertModuleGradcheck(b, () => b.forward(x));
  });
});
