import { assertGradcheck, ShapeError, silu, split, stack, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MlstmLayer, type MlstmLayerState } from '../../src/xlstm/mlstm-layer';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';

type Fwd = { forward(...x: ReturnType<typeof randn>[]): ReturnType<typeof randn> };

function layer(
  opts: { convKernelSize?: number; form?: 'parallel' | 'chunkwise' | 'recurrent'; chunkSize?: number } = {},
  seed = 1,
) {
  const l = new MlstmLayer(4, { numHeads: 2, roundUpTo: 1, dtype: 'float64', ...opts });
  scrambleParameters(l, seed);
  return l;
}

function stepAll(l: MlstmLayer, x: ReturnType<typeof randn>, state?: MlstmLayerState) {
  const ys = [];
  for (let t = 0; t < x.shape[1]!; t++) {
    const [y, next] = l.step(x.select(1, t), state);
    ys.push(y);
    state = next;
  }
  return { y: stack(ys, 1), state: state! };
}

describe('MlstmLayer', () => {
  it('has the reference’s parameter names and widths (inner = 2·D rounded up)', () => {
    const l = new MlstmLayer(32, { numHeads: 4 });
    const sd = l.stateDict();
    expect(Object.keys(sd).sort()).toEqual([
      'conv1d.conv.bias',
      'conv1d.conv.weight',
      'k_proj.weight',
      'learnable_skip',
      'mlstm_cell.fgate.bias',
      'mlstm_cell.fgate.weight',
      'mlstm_cell.igate.bias',
      'mlstm_cell.igate.weight',
      'mlstm_cell.outnorm.weight',
      'proj_down.weight',
      'proj_up.weight',
      'q_proj.weight',
      'v_proj.weight',
    ]);
    expect(l.innerDim).toBe(64);
    expect(sd['proj_up.weight']!.shape).toEqual([128, 32]);
    expect(sd['q_proj.weight']!.shape).toEqual([16, 4, 4]);
    expect(sd['learnable_skip']!.toArray().every((v) => v === 1)).toBe(true);
  });
  it('wires the branches as the paper’s mLSTM block', () => {
    const l = layer({}, 2);
    const x = randn([2, 4, 4], 3);
    const m = Object.fromEntries(l.children()) as unknown as Record<string, Fwd>;
    const [xm, z] = split(m.proj_up!.forward(x), 8, -1) as [typeof x, typeof x];
    const xc = silu(m.conv1d!.forward(xm));
    const h = m.mlstm_cell!.forward(m.q_proj!.forward(xc), m.k_proj!.forward(xc), m.v_proj!.forward(xm));
    const want = m.proj_down!.forward(h.add(l.param('learnable_skip').mul(xc)).mul(silu(z)));
    expectClose(l.forward(x), want, 1e-14, 1e-15);
  });
  it('forward (every form), prefill and the step loop agree; prefill continues', () => {
    const x = randn([2, 6, 4], 4);
    const want = layer({}, 5).forward(x);
    for (const form of ['chunkwise', 'recurrent'] as const)
      expectClose(layer({ form, chunkSize: 4 }, 5).forward(x), want, 1e-10, 1e-12);
    const l = layer({ chunkSize: 4 }, 5);
    const stepped = stepAll(l, x);
    expectClose(stepped.y, want, 1e-10, 1e-12);
    const [yp, sp] = l.prefill(x);
    expectClose(yp, want, 1e-10, 1e-12);
    expectClose(sp.cell.c, stepped.state.cell.c, 1e-10, 1e-12);
    expectClose(sp.conv!, stepped.state.conv!, 0, 0);
    const [, mid] = l.prefill(x.slice(1, 0, 3));
    expectClose(l.prefill(x.slice(1, 3), mid)[0], want.slice(1, 3), 1e-10, 1e-12);
    expectClose(stepAll(l, x.slice(1, 3), mid).y, want.slice(1, 3), 1e-10, 1e-12);
  });
  it('without the conv, forward and step agree too', () => {
    const l = layer({ convKernelSize: 0 }, 6);
    const x = randn([1, 4, 4], 7);
    expectClose(stepAll(l, x).y, l.forward(x), 1e-10, 1e-12);
    expect(Object.keys(l.stateDict())).not.toContain('conv1d.conv.weight');
  });
  it('gradients in the input and every parameter', () => {
    const l = layer({ convKernelSize: 2 }, 8);
    assertGradcheck((x) => l.forward(x), [randn([1, 3, 4], 9)]);
    const x = randn([1, 3, 4], 10);
    assertModuleGradcheck(l, () => l.forward(x));
  });
  it('checks its configuration and input', () => {
    expect(() => new MlstmLayer(4, { roundUpTo: 1, qkvBlockSize: 3 })).toThrow(ValueError);
    const l = new MlstmLayer(4, { numHeads: 2, roundUpTo: 1 });
    expect(() => l.forward(randn([1, 2, 5], 1, 'float32'))).toThrow(ShapeError);
    expect(() => l.step(randn([1, 2, 4], 1, 'float32'))).toThrow(
      /MlstmLayer.step: x must be \[B, 4\], got \[1, 2, 4\]/,
    );
  });
});
