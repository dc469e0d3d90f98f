import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkSlopes, resolvePattern, resolveScale } from '../src/attention-options';
import { slidingWindowPattern } from '../src/index';

describe('attention options', () => {
  it('causal and a pattern intersect; nothing means no pattern', () => {
    expect(resolvePattern({})).toBeNull();
    const p = resolvePattern({ causal: true, pattern: slidingWindowPattern({ left: 1, right: 1 }) })!;
    expect(p.allows(5, 4)).toBe(true);
    expect(p.allows(5, 6)).toBe(false); // the window allows it, causality does not
    expect(p.allows(5, 3)).toBe(false);
  });

  it('scale defaults to 1/sqrt(d); slopes need one per head', () => {
    expect(resolveScale('t', {}, 16)).toBe(0.25);
    expect(resolveScale('t', { scale: 2 }, 16)).toBe(2);
    expect(() => resolveScale('t', { scale: Number.NaN }, 16)).toThrow(ValueError);
    expect(checkSlopes('t', undefined, 3)).toBeNull();
    expect(() => checkSlopes('t', [1, 2], 3)).toThrow(/one slope per query head/);
  });
});
