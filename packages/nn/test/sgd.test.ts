import { tensor, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from '../src/index';
import { runQuadratic } from './quadratic-objective';

const close = (actual: number[], expected: number[], digits = 14) =>
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));

describe('SGD', () => {
  it('plain: θ ← θ − α g (one step by hand, five against torch)', () => {
    const trace = runQuadratic((ps) => new SGD(ps, { lr: 0.1 }), 5);
    // g = 2cθ + d = [1.3, -1.7, 8.1] at θ₀.
    close(trace[0]!, [0.5 - 0.13, -1.5 + 0.17, 2.0 - 0.81]);
    close(trace[4]!, [0.06299199999999996, -0.8038330000000001, 0.13246399999999997]);
  });
  it('momentum with dampening and weight decay matches torch.optim.SGD', () => {
    const trace = runQuadratic(
      (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
      5,
    );
    close(trace[0]!, [0.3695, -1.3285, 1.188]);
    close(trace[4]!, [-0.49818718038459114, 0.1715489204867152, -1.589514250556852]);
  });
  it('nesterov matches torch.optim.SGD', () => {
    const trace = runQuadratic(
      (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
      5,
    );
    close(trace[0]!, [0.24349999999999994, -1.1485, 0.42300000000000015]);
    close(trace[4]!, [-0.4132091078097565, 0.4563733144808917, -0.3218940341723371]);
  });
  it('refuses bad settings', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(() => new SGD([p], { nesterov: true })).toThrow(/SGD: nesterov needs momentum > 0/);
    expect(() => new SGD([p], { lr: -1 })).toThrow(ValueError);
    expect(() => new SGD([p], { momentum: -0.5 })).toThrow(/momentum must be >= 0/);
  });
});
