import { describe, expect, it } from 'vitest';
import { assertGradcheck, conv1dCausalDepthwise, ShapeError } from '../src/index';
import { arr, at, randn } from './helpers';

describe('conv1dCausalDepthwise', () => {
  it('is causal and matches the definition', () => {
    const [B, L, D, K] = [2, 6, 3, 4];
    const x = randn([B, L, D], 1);
    const w = randn([D, K], 2);
    const bias = randn([D], 3);
    const y = arr(conv1dCausalDepthwise(x, w, bias));
    const xa = arr(x);
    const wa = arr(w);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < L; t++)
        for (let d = 0; d < D; d++) {
          let s = arr(bias)[d]!;
          for (let j = 0; j < K; j++)
            if (t - j >= 0) s += at(wa, [D, K], [d, K - 1 - j]) * at(xa, [B, L, D], [b, t - j, d]);
          expect(at(y, [B, L, D], [b, t, d])).toBeCloseTo(s, 12);
        }
    // changing a future input never changes a past output
    const x2 = x.clone();
    x2.data[(0 * L + 4) * D + 1] = 100;
    const y2 = arr(conv1dCausalDepthwise(x2, w, bias));
    for (let t = 0; t < 4; t++) expect(at(y2, [B, L, D], [0, t, 1])).toBe(at(y, [B, L, D], [0, t, 1]));
  });
  it('accepts torch weights [D, 1, K] and checks shapes', () => {
    const x = randn([1, 3, 2]);
    const w = randn([2, 1, 3]);
    expect(arr(conv1dCausalDepthwise(x, w))).toEqual(arr(conv1dCausalDepthwise(x, w.reshape(2, 3))));
    expect(() => conv1dCausalDepthwise(x, randn([3, 2]))).toThrow(ShapeError);
    expect(() => conv1dCausalDepthwise(randn([3, 2]), w)).toThrow(/must be \[B, L, D\]/);
  });
  it('gradients', () => {
    assertGradcheck(
      (x, w, b) => conv1dCausalDepthwise(x, w, b),
      [randn([2, 5, 3], 4), randn([3, 3], 5), randn([3], 6)],
    );
  });
});
