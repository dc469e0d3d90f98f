import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { attention, flashAttention, scaledDotProductAttention } from '../src/index';
import { expectClose, randn } from './helpers';

describe('attention (path dispatch)', () => {
  const q = randn([1, 2, 5, 3], 1);
  const k = randn([1, 2, 6, 3], 2);
  const v = randn([1, 2, 6, 3], 3);

  it('plain and tiled give the same result', () => {
    expectClose(
      attention(q, k, v, { causal: true }),
      scaledDotProductAttention(q, k, v, { causal: true }),
      0,
    );
    expectClose(
      attention(q, k, v, { causal: true, impl: 'tiled' }),
      flashAttention(q, k, v, { causal: true }),
      0,
    );
    expectClose(
      attention(q, k, v, { causal: true, impl: 'tiled' }),
      attention(q, k, v, { causal: true }),
      1e-13,
    );
  });

  it('dense masks need the plain path', () => {
    expect(() => attention(q, k, v, { impl: 'tiled', mask: randn([5, 6]) })).toThrow(ValueError);
    expect(() => attention(q, k, v, { impl: 'other' as 'plain' })).toThrow(ValueError);
  });
});
