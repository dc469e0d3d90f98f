import { add, assertGradcheck, fromArray, stack } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MlstmBlock } from '../../src/xlstm/mlstm-block';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { allFinite, expectClose, randn } from './random-inputs';
import reference from './reference-blocks.json';

function block(seed: number, opts: { form?: 'parallel' | 'chunkwise' | 'recurrent' } = {}) {
  const b = new MlstmBlock(4, { numHeads: 2, roundUpTo: 1, chunkSize: 3, dtype: 'float64', ...opts });
  scrambleParameters(b, seed);
  return b;
}

describe('MlstmBlock', () => {
  it('has the reference’s state-dict names (no feed-forward)', () => {
    const names = Object.keys(new MlstmBlock(16, { numHeads: 2 }).stateDict());
    expect(names).toContain('xlstm_norm.weight');
    expect(names).toContain('xlstm.mlstm_cell.outnorm.weight');
    expect(names).toContain('xlstm.learnable_skip');
    expect(names.some((n) => n.startsWith('ffn'))).toBe(false);
    expect(names).toHaveLength(14);
  });
  it('loads reference weights and gives the reference’s outputs (torch, float64)', () => {
    const b = new MlstmBlock(4, { numHeads: 2, roundUpTo: 1, dtype: 'float64' });
    expect(b.loadStateDict(reference.mlstm.state_dict)).toEqual({ missing: [], unexpected: [] });
    const x = fromArray(reference.x.data, reference.x.shape, { dtype: 'float64' });
    expectClose(b.forward(x), reference.mlstm.y.data, 1e-11, 1e-13);
    let state = b.initialState(2);
    for (let t = 0; t < 6; t++) {
      const [yt, next] = b.step(x.select(1, t), state);
      expectClose(yt, b.forward(x).select(1, t), 1e-10, 1e-12);
      state = next;
    }
  });
  it('is x + mLSTM layer(LN x)', () => {
    const b = block(1);
    const x = randn([2, 4, 4], 2);
    const m = Object.fromEntries(b.children()) as unknown as Record<
      string,
      { forward(t: typeof x): typeof x }
    >;
    expectClose(b.forward(x), add(x, m.xlstm!.forward(m.xlstm_norm!.forward(x))), 1e-14, 1e-15);
  });
  it('forward (every form) equals step-by-step generation; prefill hands over to step', () => {
    const x = randn([2, 8, 4], 3);
    const y = block(4).forward(x);
    for (const form of ['chunkwise', 'recurrent'] as const)
      expectClose(block(4, { form }).forward(x), y, 1e-10, 1e-12);
    const b = block(4);
    let state = b.initialState(2);
    const ys = [];
    for (let t = 0; t < 8; t++) {
      const [yt, next] = b.step(x.select(1, t), state);
      ys.push(yt);
      state = next;
    }
    expectClose(stack(ys, 1), y, 1e-10, 1e-12);
    const [, s5] = b.prefill(x.slice(1, 0, 5));
    const [y5] = b.step(x.select(1, 5), s5);
    expectClose(y5, y.select(1, 5), 1e-10, 1e-12);
  });
  it('runs in float32 over 200 steps with large inputs, matching float64', () => {
    const b64 = block(6);
    const b32 = block(6).to('float32');
    const x = randn([1, 200, 4], 7, 'float64', 20);
    const y64 = b64.forward(x);
    const y32 = b32.forward(x.to('float32'));
    expect(allFinite(y32)).toBe(true);
    expectClose(y32.to('float64'), y64, 1e-3, 1e-3);
  });
  it('dropout acts in train mode only', () => {
    const plain = block(11);
    const dropped = new MlstmBlock(4, { numHeads: 2, roundUpTo: 1, dropout: 0.5, dtype: 'float64' });
    scrambleParameters(dropped, 11);
    const x = randn([1, 5, 4], 12);
    expect(Array.from(dropped.forward(x).toArray())).not.toEqual(Array.from(plain.forward(x).toArray()));
    dropped.eval();
    expectClose(dropped.forward(x), plain.forward(x), 0, 0);
  });
  it('gradients in the input and every parameter', () => {
    const b = block(8);
    assertGradcheck((x) => b.forward(x), [randn([1, 3, 4], 9)]);
    const x = randn([1, 2, 4], 10);
    assertModuleGradcheck(b, () => b.forward(x));
  });
});
