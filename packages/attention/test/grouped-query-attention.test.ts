import { concat, slice, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  GroupedQueryAttention,
  groupedQueryAttention,
  KVCache,
  MultiQueryAttention,
  repeatKv,
  scaledDotProductAttention,
} from '../src/index';
import { checkParameterGrads, expectClose, naiveAttention, randn } from './helpers';

describe('grouped-query attention', () => {
  it('query head h reads key/value head h // (H/G)', () => {
    const q = randn([2, 6, 5, 4], 1);
    const k = randn([2, 3, 5, 4], 2);
    const v = randn([2, 3, 5, 4], 3);
    const out = groupedQueryAttention(q, k, v, { causal: true });
    expectClose(out, naiveAttention(q, k, v, { causal: true }), 1e-12);
    // head 3 uses kv head 1
    const head3 = scaledDotProductAttention(slice(q, 1, 3, 4), slice(k, 1, 1, 2), slice(v, 1, 1, 2), {
      causal: true,
    });
    expectClose(slice(out, 1, 3, 4), head3, 1e-14);
    expectClose(
      groupedQueryAttention(q, k, v, { causal: true, impl: 'tiled', blockQ: 2, blockK: 3 }),
      out,
      1e-12,
    );
    expectClose(out, scaledDotProductAttention(q, repeatKv(k, 2), repeatKv(v, 2), { causal: true }), 0);
  });

  it('the module: LLaMA names, MQA with one kv head, and its cache shrinks by H/G', () => {
    const gqa = new GroupedQueryAttention(16, 8, 2);
    expect(Object.fromEntries(Object.entries(gqa.stateDict()).map(([n, t]) => [n, t.shape]))).toEqual({
      'q_proj.weight': [16, 16],
      'k_proj.weight': [4, 16],
      'v_proj.weight': [4, 16],
      'o_proj.weight': [16, 16],
    });
    const mqa = new MultiQueryAttention(16, 8);
    expect(mqa.numKvHeads).toBe(1);
    const x = randn([1, 3, 16], 4, 'float32');
    const [cg, cm] = [new KVCache(), new KVCache()];
    gqa.forward(x, { cache: cg });
    mqa.forward(x, { cache: cm });
    // 8 query heads of width 2: multi-head attention would keep 2·8·2 = 32 numbers a token.
    expect(cg.bytesPerToken()).toBe(2 * 2 * 2 * 4);
    expect(cm.bytesPerToken()).toBe(1 * 2 * 2 * 4);
  });

  it('decoding through the cache (with RoPE offsets) equals the full causal forward', () => {
    for (const impl of ['plain', 'tiled'] as const) {
      const gqa = new GroupedQueryAttention(12, 6, 3, { dtype: 'float64', rope: { theta: 100 }, impl });
      const x = randn([2, 9, 12], 5);
      const full = gqa.forward(x);
      const cache = new KVCache(1);
      const parts = [];
      for (const [a, b] of [
        [0, 4],
        [4, 5],
        [5, 6],
        [6, 9],
      ] as const) {
        parts.push(gqa.forward(slice(x, 1, a, b), { cache }));
      }
      expectClose(concat(parts, 1), full, 1e-12);
    }
  });

  it('gradients of inputs and parameters', () => {
    const gqa = new GroupedQueryAttention(4, 2, 1, { dtype: 'float64', rope: {} });
    const x = randn([1, 3, 4], 6);
    checkParameterGrads([...gqa.parameters(), x.requiresGrad_()], () => gqa.forward(x));
  });

  it('refuses a kv head count that does not divide the heads', () => {
    expect(() => new GroupedQueryAttention(12, 6, 4)).toThrow(ValueError);
  });
});
