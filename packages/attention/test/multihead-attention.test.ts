import { add, assertGradcheck, fromArray, matmul, mean, noGrad, slice, transpose } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { KVCache, MultiheadAttention, mergeHeads, splitHeads } from '../src/index';
import { arr, checkParameterGrads, expectClose, naiveAttention, randn } from './helpers';

/** torch.nn.MultiheadAttention's forward, written out with the loop reference attention. */
function reference(
  mha: MultiheadAttention,
  query: ReturnType<typeof randn>,
  key: ReturnType<typeof randn>,
  causal: boolean,
) {
  const sd = mha.stateDict();
  const E = mha.embedDim;
  const W = sd['in_proj_weight']!;
  const b = sd['in_proj_bias']!;
  const proj = (x: typeof query, i: number) =>
    add(matmul(x, transpose(slice(W, 0, i * E, (i + 1) * E))), slice(b, 0, i * E, (i + 1) * E));
  const H = mha.numHeads;
  const ctx = naiveAttention(
    splitHeads(proj(query, 0), H),
    splitHeads(proj(key, 1), H),
    splitHeads(proj(key, 2), H),
    { causal },
  );
  return add(matmul(mergeHeads(ctx), transpose(sd['out_proj.weight']!)), sd['out_proj.bias']!);
}

describe('MultiheadAttention', () => {
  it('has torch.nn.MultiheadAttention parameter names and shapes', () => {
    const mha = new MultiheadAttention(8, 2);
    const shapes = Object.fromEntries(Object.entries(mha.stateDict()).map(([n, t]) => [n, t.shape]));
    expect(shapes).toEqual({
      in_proj_weight: [24, 8],
      in_proj_bias: [24],
      'out_proj.weight': [8, 8],
      'out_proj.bias': [8],
    });
    expect(arr(mha.stateDict()['in_proj_bias']!).every((x) => x === 0)).toBe(true);
    expect(arr(mha.stateDict()['out_proj.bias']!).every((x) => x === 0)).toBe(true);
  });

  it('computes torch’s forward; weights are the head average', () => {
    const mha = new MultiheadAttention(6, 3, { dtype: 'float64' });
    noGrad(() =>
      mha.parameters().forEach((p, i) => p.data.set(randn(p.shape as number[], 100 + i).toArray())),
    );
    const query = randn([2, 4, 6], 1);
    const key = randn([2, 5, 6], 2);
    for (const causal of [false, true]) {
      const { output, weights } = mha.forward(query, key, key, { causal, averageWeights: false });
      expectClose(output, reference(mha, query, key, causal), 1e-12);
      const avg = mha.forward(query, key, key, { causal }).weights!;
      expectClose(avg, mean(weights!, 1), 1e-15);
    }
  });

  it('key padding mask hides keys like an additive −∞ mask', () => {
    const mha = new MultiheadAttention(4, 2, { dtype: 'float64' });
    const x = randn([2, 5, 4], 3);
    const pad = fromArray([0, 0, 0, 1, 1, 0, 0, 0, 0, 1], [2, 5], { dtype: 'float64' });
    const a = mha.forward(x, x, x, { keyPaddingMask: pad });
    // the same with an additive mask per batch element
    const add0 = Array.from({ length: 2 * 5 * 5 }, (_, i) =>
      pad.toArray()[Math.floor(i / 25) * 5 + (i % 5)] ? -Infinity : 0,
    );
    const b = mha.forward(x, x, x, { attnMask: fromArray(add0, [2, 1, 5, 5], { dtype: 'float64' }) });
    expectClose(a.output, b.output, 1e-15);
    expect(
      arr(a.weights!)
        .filter((_, i) => pad.toArray()[Math.floor(i / 25) * 5 + (i % 5)] === 1)
        .every((w) => w === 0),
    ).toBe(true);
  });

  it('decoding step by step through a KV cache equals the causal forward', () => {
    const mha = new MultiheadAttention(8, 4, { dtype: 'float64' });
    const x = randn([2, 7, 8], 4);
    const full = mha.forward(x, x, x, { causal: true }).output;
    const cache = new KVCache(2);
    const steps = [];
    for (const [a, b] of [
      [0, 3],
      [3, 4],
      [4, 5],
      [5, 7],
    ] as const) {
      const xs = slice(x, 1, a, b);
      steps.push(mha.forward(xs, xs, xs, { causal: true, cache, needWeights: false }).output);
    }
    const joined = steps.flatMap((s) => arr(s.permute(1, 0, 2).contiguous()));
    expectClose(joined, arr(full.permute(1, 0, 2).contiguous()), 1e-12);
  });

  it('the tiled path gives the plain path’s output when weights are not needed', () => {
    const mha = new MultiheadAttention(8, 2, { dtype: 'float64', impl: 'tiled' });
    const x = randn([1, 9, 8], 5);
    expectClose(
      mha.forward(x, x, x, { causal: true, needWeights: false }).output,
      mha.forward(x, x, x, { causal: true }).output,
      1e-12,
    );
  });

  it('dropout acts in train mode only, seeded by the module', () => {
    const mha = new MultiheadAttention(4, 2, { dtype: 'float64', dropout: 0.5 });
    const x = randn([1, 6, 4], 6);
    const train = mha.forward(x).output;
    mha.eval();
    const evalOut = mha.forward(x).output;
    expect(arr(train)).not.toEqual(arr(evalOut));
    expectClose(mha.forward(x).output, evalOut, 0);
  });

  it('gradients through inputs and parameters', () => {
    const mha = new MultiheadAttention(4, 2, { dtype: 'float64' });
    const x = randn([1, 3, 4], 7);
    assertGradcheck((t) => mha.forward(t, t, t, { causal: true }).output, [x]);
    checkParameterGrads(mha.parameters(), () => mha.forward(x, x, x, { causal: true }).output);
  });
});

describe('MultiheadAttention without biases', () => {
  it('has no bias parameters and still decodes', () => {
    const mha = new MultiheadAttention(4, 2, { bias: false, dtype: 'float64' });
    expect(Object.keys(mha.stateDict())).toEqual(['in_proj_weight', 'out_proj.weight']);
    const x = randn([1, 3, 4], 8);
    expectClose(
      mha.forward(x, x, x, { causal: true, needWeights: false }).output,
      mha.forward(x, x, x, { causal: true }).output,
      1e-14,
    );
  });
});
