import { tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW } from '../src/index';
import { runQuadratic } from './quadratic-objective';

const close = (actual: number[], expected: number[], digits = 14) =>
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));

describe('AdamW', () => {
  it('first step by hand: θ(1 − αλ) then the Adam step', () => {
    const trace = runQuadratic((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.1 }), 1);
    const g = [1.3, -1.7, 8.1];
    close(
      trace[0]!,
      [0.5, -1.5, 2.0].map((t, i) => t * (1 - 0.01) - (0.1 * g[i]!) / (Math.abs(g[i]!) + 1e-8)),
    );
  });
  it('five steps match torch.optim.AdamW in float64 and float32', () => {
    const trace = runQuadratic((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.1 }), 5);
    close(trace[0]!, [0.39500000076923075, -1.3850000005882352, 1.8800000001234567]);
    close(trace[4]!, [0.0031796240701338213, -0.9407346970160818, 1.4155048480714125]);
    const t32 = runQuadratic((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.1 }), 5, 'float32');
    close(t32[4]!, [0.0031796544790267944, -0.9407347440719604, 1.4155049324035645], 6);
  });
  it('defaults to λ = 1e-2, and differs from coupled Adam decay', () => {
    const p = tensor([1], { requiresGrad: true });
    expect(new AdamW([p]).paramGroups[0]!.weightDecay).toBe(0.01);
    const w = runQuadratic((ps) => new AdamW(ps, { lr: 0.1, weightDecay: 0.5 }), 3);
    const a = runQuadratic((ps) => new Adam(ps, { lr: 0.1, weightDecay: 0.5 }), 3);
    expect(Math.abs(w[2]![0]! - a[2]![0]!)).toBeGreaterThan(1e-3);
    expect(() => new AdamW([p], { eps: -1 })).toThrow(/AdamW: eps must be >= 0/);
  });
});
