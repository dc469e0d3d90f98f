import { concat, expand, matmul, slice, type Tensor, transpose, unsqueeze, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  applyRope,
  KVCache,
  MLACache,
  type MlaPaperWeights,
  MultiHeadLatentAttention,
  mergeHeads,
  mlaStateDictFromPaper,
  splitHeads,
} from '../src/index';
import { checkParameterGrads, expectClose, naiveAttention, randn } from './helpers';

const cfg = { numHeads: 3, headDim: 4, ropeHeadDim: 2, kvLoraRank: 5, qLoraRank: 6 };
const Dm = 8;

function paperWeights(seed: number, qLora: boolean): MlaPaperWeights {
  const { numHeads: H, headDim: dh, ropeHeadDim: dR, kvLoraRank: dc, qLoraRank: dcq } = cfg;
  const qIn = qLora ? dcq : Dm;
  return {
    W_DKV: randn([dc, Dm], seed, 'float64', 0.4),
    W_UK: randn([H * dh, dc], seed + 1, 'float64', 0.4),
    W_UV: randn([H * dh, dc], seed + 2, 'float64', 0.4),
    W_KR: randn([dR, Dm], seed + 3, 'float64', 0.4),
    W_DQ: qLora ? randn([dcq, Dm], seed + 4, 'float64', 0.4) : undefined,
    W_UQ: randn([H * dh, qIn], seed + 5, 'float64', 0.4),
    W_QR: randn([H * dR, qIn], seed + 6, 'float64', 0.4),
    W_O: randn([Dm, H * dh], seed + 7, 'float64', 0.4),
  };
}

/** DeepSeek-V2 eqs. 9–19 written out with the paper's matrices and the loop attention. */
function paperForward(w: MlaPaperWeights, h: Tensor): Tensor {
  const { numHeads: H, headDim: dh, ropeHeadDim: dR } = cfg;
  const lin = (x: Tensor, W: Tensor) => matmul(x, transpose(W));
  const cKV = lin(h, w.W_DKV);
  const kC = splitHeads(lin(cKV, w.W_UK), H);
  const vC = splitHeads(lin(cKV, w.W_UV), H);
  const kR = applyRope(lin(h, w.W_KR)); // [B, L, dR]
  const cQ = w.W_DQ ? lin(h, w.W_DQ) : h;
  const qC = splitHeads(lin(cQ, w.W_UQ), H);
  const qR = applyRope(splitHeads(lin(cQ, w.W_QR), H));
  const [B, L] = h.shape as [number, number];
  const k = concat([kC, expand(unsqueeze(kR, 1), [B, H, L, dR])], -1);
  const ctx = naiveAttention(concat([qC, qR], -1), k, vC, { causal: true, scale: 1 / Math.sqrt(dh + dR) });
  return lin(mergeHeads(ctx), w.W_O);
}

function build(qLora: boolean, seed = 1, impl: 'plain' | 'tiled' = 'tiled') {
  const mla = new MultiHeadLatentAttention(Dm, {
    ...cfg,
    qLoraRank: qLora ? cfg.qLoraRank : 0,
    dtype: 'float64',
    impl,
  });
  const w = paperWeights(seed, qLora);
  mla.loadStateDict(mlaStateDictFromPaper(w, cfg.numHeads));
  return { mla, w };
}

describe('multi-head latent attention', () => {
  it('uses DeepSeek-V2’s parameter names', () => {
    const shapes = (m: MultiHeadLatentAttention) =>
      Object.fromEntries(Object.entries(m.stateDict()).map(([n, t]) => [n, t.shape]));
    expect(shapes(build(true).mla)).toEqual({
      'q_a_proj.weight': [6, 8],
      'q_b_proj.weight': [3 * 6, 6],
      'kv_a_proj_with_mqa.weight': [5 + 2, 8],
      'kv_b_proj.weight': [3 * 8, 5],
      'o_proj.weight': [8, 12],
    });
    expect(Object.keys(shapes(build(false).mla))).toContain('q_proj.weight');
  });

  it('follows the paper’s equations, with and without query compression', () => {
    for (const qLora of [true, false]) {
      const { mla, w } = build(qLora, 3);
      const h = randn([2, 6, Dm], 4);
      expectClose(mla.forward(h), paperForward(w, h), 1e-12);
    }
  });

  it('the absorbed form equals the plain form (both attention paths)', () => {
    for (const impl of ['plain', 'tiled'] as const) {
      for (const qLora of [true, false]) {
        const { mla } = build(qLora, 5, impl);
        const h = randn([2, 7, Dm], 6);
        expectClose(mla.forward(h, { absorbed: true }), mla.forward(h), 1e-12);
      }
    }
  });

  it('decoding through the latent cache equals the full forward, plain and absorbed', () => {
    const { mla } = build(true, 7);
    const h = randn([2, 8, Dm], 8);
    const full = mla.forward(h);
    const absorbed = mla.absorb();
    for (const form of [false, absorbed] as const) {
      const cache = new MLACache(2);
      const parts: Tensor[] = [];
      for (const [a, b] of [
        [0, 3],
        [3, 4],
        [4, 5],
        [5, 8],
      ] as const) {
        parts.push(mla.forward(slice(h, 1, a, b), { cache, absorbed: form }));
      }
      expectClose(concat(parts, 1), full, 1e-12);
      expect(cache.ckv.shape).toEqual([2, 8, cfg.kvLoraRank]);
      expect(cache.kr.shape).toEqual([2, 8, cfg.ropeHeadDim]);
    }
  });

  it('DeepSeek latent norms: named as its checkpoints, normalise c_Q and c_KV, all forms agree', () => {
    const base = build(true, 11).mla;
    const mla = new MultiHeadLatentAttention(Dm, { ...cfg, dtype: 'float64', latentNorms: true });
    const sd = { ...base.stateDict() };
    sd['q_a_layernorm.weight'] = randn([cfg.qLoraRank], 12, 'float64', 0.5).add(1);
    sd['kv_a_layernorm.weight'] = randn([cfg.kvLoraRank], 13, 'float64', 0.5).add(1);
    mla.loadStateDict(sd);
    const h = randn([2, 6, Dm], 14);
    const full = mla.forward(h);
    expect(full.sub(base.forward(h)).abs().max().item()).toBeGreaterThan(1e-3); // the norms act
    expectClose(mla.forward(h, { absorbed: true }), full, 1e-12);
    const cache = new MLACache(2);
    const parts = [
      mla.forward(slice(h, 1, 0, 4), { cache }),
      mla.forward(slice(h, 1, 4, 6), { cache, absorbed: true }),
    ];
    expectClose(concat(parts, 1), full, 1e-12);
    // the cached latent is the normalised c_KV: unit RMS before the weight
    const ckv = slice(h, 1, 0, 1).matmul(
      transpose(slice(base.stateDict()['kv_a_proj_with_mqa.weight']!, 0, 0, cfg.kvLoraRank)),
    );
    const rms = Math.sqrt(ckv.select(0, 0).square().mean().item() + 1e-6); // token 0 of batch 0
    expect(cache.ckv.get(0, 0, 0)).toBeCloseTo(
      (ckv.get(0, 0, 0) / rms) * sd['kv_a_layernorm.weight']!.get(0),
      10,
    );
    checkParameterGrads(mla.parameters(), () => mla.forward(slice(h, 1, 0, 3), { absorbed: true }));
  });

  it('caches d_c + d_R numbers per token, against 2·H·d_h for multi-head attention', () => {
    const H = 8;
    const dh = 16;
    const mla = new MultiHeadLatentAttention(64, {
      numHeads: H,
      headDim: dh,
      ropeHeadDim: 8,
      kvLoraRank: 32,
      qLoraRank: 24,
    });
    const cache = new MLACache();
    mla.forward(randn([1, 5, 64], 9, 'float32'), { cache });
    expect(cache.bytesPerToken()).toBe((32 + 8) * 4);
    const mha = new KVCache();
    mha.append(randn([1, H, 5, dh], 1, 'float32'), randn([1, H, 5, dh], 2, 'float32'));
    expect(mha.bytesPerToken()).toBe(2 * H * dh * 4);
    expect(mha.bytesPerToken() / cache.bytesPerToken()).toBeCloseTo(6.4, 12);
  });

  it('gradients of all parameters, plain and absorbed', () => {
    const mla = new MultiHeadLatentAttention(4, {
      numHeads: 2,
      headDim: 2,
      ropeHeadDim: 2,
      kvLoraRank: 3,
      qLoraRank: 3,
      dtype: 'float64',
      impl: 'plain',
    });
    const h = randn([1, 3, 4], 10);
    checkParameterGrads(mla.parameters(), () => mla.forward(h));
    checkParameterGrads(mla.parameters(), () => mla.forward(h, { absorbed: true }));
  });

  it('refuses an odd rotary width', () => {
    expect(() => new MultiHeadLatentAttention(8, { ...cfg, ropeHeadDim: 3 })).toThrow(ValueError);
  });
});
