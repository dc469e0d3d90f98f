import { ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantSchedule, cosineDecay, linearDecay, linearWarmup, stepDecay } from '../src/index';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('schedules', () => {
  it('constant and linear warm-up (t/w, as HF transformers)', () => {
    expect(range(3).map(constantSchedule())).toEqual([1, 1, 1]);
    expect(range(6).map(linearWarmup(4))).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
    expect(linearWarmup(0)(0)).toBe(1);
  });
  it('cosine decay equals torch CosineAnnealingLR(T_max=10, eta_min=0.01) at base lr 0.1', () => {
    // torch 1.13: opt.param_groups[0]['lr'] before each of 11 steps.
    const torchLr = [
      0.1, 0.09779754323328192, 0.09140576474687263, 0.08145033635316129, 0.06890576474687264,
      0.05500000000000001, 0.04109423525312737, 0.028549663646838717, 0.01859423525312737,
      0.012202456766718092, 0.01,
    ];
    const f = cosineDecay({ totalSteps: 10, minFactor: 0.1 });
    range(11).forEach((t) => expect(0.1 * f(t)).toBeCloseTo(torchLr[t]!, 15));
    expect(f(50)).toBeCloseTo(0.1, 15); // held at the floor after totalSteps
  });
  it('cosine with warm-up: linear ramp, then half a cosine from 1 to 0', () => {
    const f = cosineDecay({ totalSteps: 12, warmupSteps: 2 });
    expect([f(0), f(1), f(2)]).toEqual([0, 0.5, 1]);
    expect(f(7)).toBeCloseTo(0.5, 15); // halfway through the 10 decay steps
    expect(f(12)).toBeCloseTo(0, 15);
  });
  it('linear decay with warm-up (HF get_linear_schedule_with_warmup)', () => {
    const f = linearDecay({ totalSteps: 10, warmupSteps: 2 });
    expect([f(0), f(1), f(2), f(6), f(10), f(11)]).toEqual([0, 0.5, 1, 0.5, 0, 0]);
  });
  it('step decay equals torch StepLR(step_size=3, gamma=0.5)', () => {
    const torchLr = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125];
    expect(range(10).map((t) => 0.1 * stepDecay({ stepSize: 3, gamma: 0.5 })(t))).toEqual(torchLr);
  });
  it('decay schedules are non-increasing after warm-up and stay in [minFactor, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, extra, m) => {
          for (const make of [cosineDecay, linearDecay]) {
            const f = make({ totalSteps: w + extra, warmupSteps: w, minFactor: m });
            for (let t = w; t < w + extra + 5; t++) {
              if (f(t + 1) > f(t) + 1e-15 || f(t) < m - 1e-15 || f(t) > 1 + 1e-15) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 100 },
    );
  });
  it('refuses bad arguments', () => {
    expect(() => cosineDecay({ totalSteps: 5, warmupSteps: 10 })).toThrow(
      /cosineDecay: totalSteps must be an integer >= 10, got 5/,
    );
    expect(() => linearWarmup(-1)).toThrow(ValueError);
    expect(() => stepDecay({ stepSize: 0 })).toThrow(/stepSize/);
    expect(() => linearDecay({ totalSteps: 5, minFactor: 2 })).toThrow(/minFactor must be in \[0, 1\]/);
  });
});
