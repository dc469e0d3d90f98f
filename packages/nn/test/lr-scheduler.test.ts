import { tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, LRScheduler, linearWarmup, SGD, stepDecay } from '../src/index';

describe('LRScheduler', () => {
  it('sets every group to base lr × factor, starting at step 0', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    const sched = new LRScheduler(opt, linearWarmup(4));
    expect(sched.getLastLr()).toEqual([0, 0]);
    sched.step();
    sched.step();
    expect(sched.lastStep).toBe(2);
    expect(sched.getLastLr()).toEqual([0.05, 0.5]);
  });
  it('drives the optimiser: the update uses the scheduled rate', () => {
    const p = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([p], { lr: 0.1 });
    const sched = new LRScheduler(opt, stepDecay({ stepSize: 1, gamma: 0.5 }));
    const lrs: number[] = [];
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      p.sum().backward(); // gradient 1: θ decreases by exactly the rate
      lrs.push(opt.paramGroups[0]!.lr);
      opt.step();
      sched.step();
    }
    expect(lrs).toEqual([0.1, 0.05, 0.025]);
    expect(p.item()).toBeCloseTo(1 - 0.175, 15);
  });
  it('state dict restores the position', () => {
    const p = tensor([1], { requiresGrad: true });
    const s1 = new LRScheduler(new Adam([p], { lr: 0.2 }), linearWarmup(10));
    for (let i = 0; i < 3; i++) s1.step();
    const opt2 = new Adam([p], { lr: 0.2 });
    const s2 = new LRScheduler(opt2, linearWarmup(10));
    s2.loadStateDict(s1.stateDict());
    expect(s2.getLastLr()[0]).toBeCloseTo(0.06, 15);
    expect(() => s2.loadStateDict({ lastStep: 1, baseLrs: [1, 2] })).toThrow(/expected 1 base rates, got 2/);
    expect(() => new LRScheduler(opt2, () => Number.NaN)).toThrow(/schedule returned NaN at step 0/);
  });
});
