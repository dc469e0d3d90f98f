import { describe, expect, it } from 'vitest';
import { clearPlanCache, getPlan, getRealPlan } from '../src/plan-cache';

describe('plan cache', () => {
  it('returns the same plan for the same length until cleared', () => {
    const a = getPlan(96);
    expect(getPlan(96)).toBe(a);
    expect(getPlan(97)).not.toBe(a);
    const r = getRealPlan(96);
    expect(getRealPlan(96)).toBe(r);
    clearPlanCache();
    expect(getPlan(96)).not.toBe(a);
    expect(getRealPlan(96)).not.toBe(r);
  });

  it('keeps the 64 most recently used plans', () => {
    clearPlanCache();
    const first = getPlan(2);
    for (let n = 3; n < 3 + 63; n++) getPlan(n);
    expect(getPlan(2)).toBe(first); // still there, and now the most recent
    for (let n = 100; n < 100 + 64; n++) getPlan(n);
    expect(getPlan(2)).not.toBe(first); // evicted by 64 newer lengths
  });

  it('validates the length', () => {
    expect(() => getPlan(0)).toThrow(
      expect.objectContaining({ name: 'ValueError', message: expect.stringMatching(/^getPlan:/) }),
    );
    expect(() => getRealPlan(-3)).toThrow(/getRealPlan: length must be an integer >= 1, got -3/);
  });
});
