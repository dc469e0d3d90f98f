import { tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Adam } from '../src/index';
import { runQuadratic } from './quadratic-objective';

const close = (actual: number[], expected: number[], digits = 14) =>
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));

describe('Adam', () => {
  it('first step by hand: with bias correction m̂/√v̂ = sign(g), so θ moves by lr·|g|/(|g|+ε)', () => {
    const trace = runQuadratic((ps) => new Adam(ps, { lr: 0.1 }), 1);
    const g = [1.3, -1.7, 8.1];
    close(
      trace[0]!,
      [0.5, -1.5, 2.0].map((t, i) => t - (0.1 * g[i]!) / (Math.abs(g[i]!) + 1e-8)),
    );
  });
  it('five steps match torch.optim.Adam', () => {
    const trace = runQuadratic((ps) => new Adam(ps, { lr: 0.1 }), 5);
    close(trace[0]!, [0.40000000076923076, -1.4000000005882354, 1.9000000001234567]);
    close(trace[4]!, [0.016666077262482676, -1.0036682338111411, 1.5029083567794796]);
  });
  it('coupled weight decay and amsgrad match torch.optim.Adam(betas=(0.8, 0.9), weight_decay=0.1, amsgrad=True)', () => {
    const trace = runQuadratic(
      (ps) => new Adam(ps, { lr: 0.1, betas: [0.8, 0.9], weightDecay: 0.1, amsgrad: true }),
      5,
    );
    close(trace[0]!, [0.4000000007407407, -1.4000000005405406, 1.900000000120482]);
    close(trace[4]!, [0.01970947900397721, -1.0040494004816873, 1.503169247648805]);
  });
  it('skips parameters without a gradient and refuses bad betas', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    const opt = new Adam([a, b], { lr: 0.5 });
    a.mul(a).sum().backward();
    opt.step();
    expect(Array.from(b.toArray())).toEqual([3]);
    expect(a.get(0)).toBeCloseTo(0.5, 6);
    expect(opt.stateDict().state[1]).toBeUndefined();
    expect(() => new Adam([a], { betas: [1, 0.9] })).toThrow(/Adam: betas\[0\] must be in \[0, 1\), got 1/);
  });
});
