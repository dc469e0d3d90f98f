import { assertGradcheck, concat, ShapeError, silu, stack, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { SlstmLayer, type SlstmLayerState } from '../../src/xlstm/slstm-layer';
import { slstmScan } from '../../src/xlstm/slstm-sequence';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';

function layer(opts: { convKernelSize?: number } = {}, seed = 1) {
  const l = new SlstmLayer(4, { numHeads: 2, dtype: 'float64', ...opts });
  scrambleParameters(l, seed);
  return l;
}

function stepAll(l: SlstmLayer, x: ReturnType<typeof randn>, state?: SlstmLayerState) {
  const ys = [];
  for (let t = 0; t < x.shape[1]!; t++) {
    const [y, next] = l.step(x.select(1, t), state);
    ys.push(y);
    state = next;
  }
  return { y: stack(ys, 1), state: state! };
}

describe('SlstmLayer', () => {
  it('has the reference’s parameter names', () => {
    expect(Object.keys(new SlstmLayer(4, { numHeads: 2 }).stateDict()).sort()).toEqual([
      'conv1d.conv.bias',
      'conv1d.conv.weight',
      'fgate.weight',
      'group_norm.weight',
      'igate.weight',
      'ogate.weight',
      'slstm_cell.bias',
      'slstm_cell.recurrent_kernel',
      'zgate.weight',
    ]);
    expect(Object.keys(new SlstmLayer(4, { numHeads: 2, convKernelSize: 0 }).stateDict())).not.toContain(
      'conv1d.conv.weight',
    );
  });
  it('wires SiLU(conv x) into i and f, raw x into z and o, then group-norms the sLSTM output', () => {
    const l = layer();
    const x = randn([2, 5, 4], 2);
    const sd = l.stateDict();
    const children = Object.fromEntries(l.children()) as unknown as Record<
      string,
      { forward(t: Tensor): Tensor }
    >;
    const xc = silu(children.conv1d!.forward(x));
    const proj = (name: string, input: Tensor) => children[name]!.forward(input);
    const wx = concat([proj('igate', xc), proj('fgate', xc), proj('zgate', x), proj('ogate', x)], -1);
    const y = slstmScan(wx, sd['slstm_cell.recurrent_kernel']!, l.cell.gateBias()).y;
    const normed = children.group_norm!.forward(y);
    expectClose(l.forward(x), normed, 1e-14, 1e-15);
  });
  it('forward, prefill and the step loop agree, with and without the conv; prefill continues', () => {
    for (const convKernelSize of [4, 0]) {
      const l = layer({ convKernelSize }, 3);
      const x = randn([2, 6, 4], 4);
      const y = l.forward(x);
      const [yp, statePre] = l.prefill(x);
      const stepped = stepAll(l, x);
      expectClose(yp, y, 0, 0);
      expectClose(stepped.y, y, 1e-13, 1e-14);
      expectClose(stepped.state.cell.c, statePre.cell.c, 1e-13, 1e-14);
      if (convKernelSize) expectClose(stepped.state.conv!, statePre.conv!, 0, 0);
      else expect(statePre.conv).toBeNull();
      const [, mid] = l.prefill(x.slice(1, 0, 2));
      const [rest] = l.prefill(x.slice(1, 2), mid);
      expectClose(rest, y.slice(1, 2), 1e-13, 1e-14);
      expectClose(stepAll(l, x.slice(1, 2), mid).y, y.slice(1, 2), 1e-13, 1e-14);
    }
  });
  it('gradients in the input and every parameter', () => {
    const l = layer({ convKernelSize: 2 }, 5);
    assertGradcheck((x) => l.forward(x), [randn([1, 3, 4], 6)]);
    const x = randn([2, 3, 4], 7);
    assertModuleGradcheck(l, () => l.forward(x));
  });
  it('checks input shapes', () => {
    const l = new SlstmLayer(4, { numHeads: 2 });
    expect(() => l.forward(randn([2, 3, 5], 1, 'float32'))).toThrow(ShapeError);
    expect(() => l.step(randn([2, 3, 4], 1, 'float32'))).toThrow(
      /SlstmLayer.step: x must be \[B, 4\], got \[2, 3, 4\]/,
    );
  });
});
