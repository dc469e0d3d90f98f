import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkReduction } from '../src/reduction';

describe('checkReduction', () => {
  it('passes the three torch reductions and refuses others naming the op', () => {
    for (const r of ['mean', 'sum', 'none']) expect(checkReduction('loss', r)).toBe(r);
    expect(() => checkReduction('loss', 'batchmean')).toThrow(ValueError);
    expect(() => checkReduction('loss', 'avg')).toThrow(
      /loss: reduction must be 'mean', 'sum' or 'none', got 'avg'/,
    );
  });
});
