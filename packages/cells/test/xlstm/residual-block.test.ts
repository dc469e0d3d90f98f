import { Module } from '@seqmod/nn';
import { add, mul, type Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { GatedFeedForward } from '../../src/xlstm/gated-feed-forward';
import { MultiHeadLayerNorm } from '../../src/xlstm/multi-head-layer-norm';
import { ResidualBlock } from '../../src/xlstm/residual-block';
import type { SequenceLayer } from '../../src/xlstm/sequence-layer';
import { scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';

/** A stand-in layer: doubles its input; its state counts the steps taken. */
class Doubler extends Module implements SequenceLayer<number> {
  forward(x: Tensor): Tensor {
    return mul(x, 2);
  }
  prefill(x: Tensor, state = 0): [Tensor, number] {
    return [mul(x, 2), state + x.shape[1]!];
  }
  step(x: Tensor, state = 0): [Tensor, number] {
    return [mul(x, 2), state + 1];
  }
  initialState(): number {
    return 0;
  }
}

describe('ResidualBlock', () => {
  it('x + layer(LN x), then + ffn(LN x); names xlstm_norm, xlstm, ffn_norm, ffn', () => {
    const ffn = new GatedFeedForward(4, { roundUpTo: 1, dtype: 'float64' });
    const block = new ResidualBlock(4, new Doubler(), ffn, 'float64');
    scrambleParameters(block, 1);
    expect(Object.keys(block.stateDict()).sort()).toEqual([
      'ffn.proj_down.weight',
      'ffn.proj_up.weight',
      'ffn_norm.weight',
      'xlstm_norm.weight',
    ]);
    const x = randn([2, 3, 4], 2);
    const norms = Object.fromEntries(block.children()) as unknown as Record<string, MultiHeadLayerNorm>;
    const h = add(x, mul(norms.xlstm_norm!.forward(x), 2));
    expectClose(block.forward(x), add(h, ffn.forward(norms.ffn_norm!.forward(h))), 1e-15, 1e-15);
    const [yp, n] = block.prefill(x, 5);
    expectClose(yp, block.forward(x), 0, 0);
    expect(n).toBe(8);
    const [yt, n1] = block.step(x.select(1, 1), n);
    expectClose(yt, block.forward(x).select(1, 1), 1e-15, 1e-15);
    expect(n1).toBe(9);
  });
  it('without a feed-forward it is x + layer(LN x)', () => {
    const block = new ResidualBlock(4, new Doubler(), null, 'float64');
    const x = randn([1, 2, 4], 3);
    expectClose(
      block.forward(x),
      add(x, mul(new MultiHeadLayerNorm(4, 1, { dtype: 'float64' }).forward(x), 2)),
      1e-15,
      1e-15,
    );
    expect(block.initialState(3)).toBe(0);
  });
});
