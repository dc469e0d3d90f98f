import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  attentionDropoutMask,
  attentionWithWeights,
  flashAttention,
  scaledDotProductAttention,
} from '../src/index';
import { arr, expectClose, randn } from './helpers';

describe('attention dropout', () => {
  const dims = { B: 2, H: 3, Lq: 16, Lk: 32 };

  it('is a function of the seed: same seed same mask, another seed another mask', () => {
    const a = arr(attentionDropoutMask(dims, { p: 0.3, seed: 7 }, 'float64'));
    const b = arr(attentionDropoutMask(dims, { p: 0.3, seed: 7 }, 'float64'));
    const c = arr(attentionDropoutMask(dims, { p: 0.3, seed: 8 }, 'float64'));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('drops about a fraction p and scales survivors by 1/(1 − p)', () => {
    const m = arr(attentionDropoutMask({ B: 4, H: 4, Lq: 64, Lk: 64 }, { p: 0.25, seed: 1 }, 'float64'));
    const kept = m.filter((x) => x !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.75]));
    const rate = 1 - kept.length / m.length; // 65536 draws: std ≈ 0.0017
    expect(Math.abs(rate - 0.25)).toBeLessThan(0.01);
  });

  it('applies to the probabilities: out = (P ⊙ mask) v', () => {
    const q = randn([2, 3, 16, 4], 1);
    const k = randn([2, 3, 32, 4], 2);
    const v = randn([2, 3, 32, 5], 3);
    const drop = { p: 0.4, seed: 11 };
    const plain = attentionWithWeights(q, k, v);
    const manual = plain.weights.mul(attentionDropoutMask(dims, drop, 'float64')).matmul(v);
    expectClose(scaledDotProductAttention(q, k, v, { dropout: drop }), manual, 1e-13);
    // The tiled kernel regenerates the same mask tile by tile.
    expectClose(flashAttention(q, k, v, { dropout: drop, blockQ: 5, blockK: 7 }), manual, 1e-12);
  });

  it('refuses p outside [0, 1)', () => {
    const q = randn([1, 1, 2, 2]);
    expect(() => scaledDotProductAttention(q, q, q, { dropout: { p: 1, seed: 0 } })).toThrow(ValueError);
    expect(() => flashAttention(q, q, q, { dropout: { p: -0.1, seed: 0 } })).toThrow(ValueError);
  });
});
