// Conformance adapters for @seqmod/attention: fixture op -> library call.
import {
  alibiBias,
  alibiSlopes,
  applyRope,
  favorFeatures,
  gatedLinearAttention,
  groupedQueryAttention,
  linearAttention,
  MLACache,
  MultiHeadLatentAttention,
  MultiheadAttention,
  mlaStateDictFromPaper,
  type RopeConvention,
  type ShortConvActivation,
  scaledDotProductAttention,
  shortConvolution,
} from '@seqmod/attention';
import type { Tensor } from '@seqmod/tensor';
import type { OpTable } from '../adapter';
import { NotImplemented } from '../adapter';
import { input, output, param, toTensor } from '../convert';
import type { Fixture } from '../fixture';

/** The fixtures' causal masking is bottom-right aligned, the library's only convention. */
function checkAlignment(fx: Fixture): void {
  const a = fx.params['causal_alignment'];
  if (a !== undefined && a !== 'bottom_right') throw new NotImplemented(`causal_alignment ${String(a)}`);
}

function optionalInput(fx: Fixture, name: string, dtype: 'float32' | 'float64'): Tensor | undefined {
  return fx.inputs[name] ? toTensor(fx.inputs[name]!, dtype) : undefined;
}

export const attentionOps: OpTable = {
  sdpa: (fx, { dtype }) => {
    checkAlignment(fx);
    const [q, k, v] = ['q', 'k', 'v'].map((n) => toTensor(input(fx, n), dtype)) as [Tensor, Tensor, Tensor];
    const out = scaledDotProductAttention(q, k, v, {
      causal: param<boolean>(fx, 'causal', false),
      scale: fx.params['scale'] as number | undefined,
      mask: optionalInput(fx, 'mask', dtype),
    });
    return { outputs: { out: output(out) } };
  },

  mha: (fx, { dtype }) => {
    checkAlignment(fx);
    const [query, key, value] = ['query', 'key', 'value'].map((n) => toTensor(input(fx, n), dtype)) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const E = query.shape[2]!;
    const mha = new MultiheadAttention(E, param<number>(fx, 'num_heads'), { dtype });
    const names = ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias'];
    mha.loadStateDict(Object.fromEntries(names.map((n) => [n, toTensor(input(fx, n), dtype)])));
    mha.eval();
    const { output: attnOutput, weights } = mha.forward(query, key, value, {
      causal: param<boolean>(fx, 'causal', false),
    });
    return { outputs: { attn_output: output(attnOutput), attn_weights: output(weights!) } };
  },

  gqa: (fx, { dtype }) => {
    checkAlignment(fx);
    const [q, k, v] = ['q', 'k', 'v'].map((n) => toTensor(input(fx, n), dtype)) as [Tensor, Tensor, Tensor];
    const out = groupedQueryAttention(q, k, v, { causal: param<boolean>(fx, 'causal', false) });
    return { outputs: { out: output(out) } };
  },

  linear_attention: (fx, { dtype }) => {
    const [q, k, v] = ['q', 'k', 'v'].map((n) => toTensor(input(fx, n), dtype)) as [Tensor, Tensor, Tensor];
    const map = param<string>(fx, 'feature_map');
    if (map !== 'elu1' && map !== 'relu') throw new NotImplemented(`feature_map ${map}`);
    const out = linearAttention(q, k, v, {
      featureMap: map,
      causal: param<boolean>(fx, 'causal'),
      eps: param<number>(fx, 'eps'),
    });
    return { outputs: { out: output(out) } };
  },

  gla: (fx, { dtype }) => {
    const [q, k, v, gk] = ['q', 'k', 'v', 'gk'].map((n) => toTensor(input(fx, n), dtype)) as [
      Tensor,
      Tensor,
      Tensor,
      Tensor,
    ];
    // Chunks smaller than L, so that the inter-chunk state passing is exercised too.
    const r = gatedLinearAttention(q, k, v, gk, {
      scale: param<number>(fx, 'scale'),
      mode: 'chunkwise',
      chunkSize: 4,
    });
    return { outputs: { out: output(r.out), final_state: output(r.finalState) } };
  },

  short_conv: (fx, { dtype }) => {
    const x = toTensor(input(fx, 'x'), dtype);
    const weight = toTensor(input(fx, 'weight'), dtype);
    const activation = param<string>(fx, 'activation', 'none');
    if (activation !== 'none' && activation !== 'silu') throw new NotImplemented(`activation ${activation}`);
    const y = shortConvolution(
      x,
      weight,
      optionalInput(fx, 'bias', dtype),
      activation as ShortConvActivation,
    );
    return { outputs: { y: output(y) } };
  },

  favor_features: (fx, { dtype }) => {
    const phi = favorFeatures(toTensor(input(fx, 'x'), dtype), toTensor(input(fx, 'omega'), dtype));
    return { outputs: { phi: output(phi) } };
  },

  rope: (fx, { dtype }) => {
    const convention = param<string>(fx, 'convention');
    if (convention !== 'half' && convention !== 'interleaved')
      throw new NotImplemented(`convention ${convention}`);
    const y = applyRope(toTensor(input(fx, 'x'), dtype), {
      convention: convention as RopeConvention,
      theta: param<number>(fx, 'theta', 10000),
      offset: param<number>(fx, 'offset', 0),
    });
    return { outputs: { y: output(y) } };
  },

  alibi: (fx, { dtype }) => {
    const H = param<number>(fx, 'num_heads');
    const L = param<number>(fx, 'L');
    const slopes = alibiSlopes(H);
    const f = dtype === 'float64' ? Float64Array : Float32Array;
    return {
      outputs: { slopes: { shape: [H], data: f.from(slopes) }, bias: output(alibiBias(slopes, L, L, dtype)) },
    };
  },

  mla: (fx, { dtype }) => {
    const convention = param<string>(fx, 'rope_convention', 'half');
    if (convention !== 'half' && convention !== 'interleaved')
      throw new NotImplemented(`rope_convention ${convention}`);
    const h = toTensor(input(fx, 'h'), dtype);
    const H = param<number>(fx, 'num_heads');
    const qLoraRank = param<number>(fx, 'q_lora_rank', 0);
    const mla = new MultiHeadLatentAttention(h.shape[2]!, {
      numHeads: H,
      headDim: param<number>(fx, 'head_dim'),
      ropeHeadDim: param<number>(fx, 'rope_head_dim'),
      kvLoraRank: param<number>(fx, 'kv_lora_rank'),
      qLoraRank,
      ropeTheta: param<number>(fx, 'rope_theta', 10000),
      ropeConvention: convention as RopeConvention,
      dtype,
    });
    const w = (n: string) => toTensor(input(fx, n), dtype);
    mla.loadStateDict(
      mlaStateDictFromPaper(
        {
          W_DKV: w('W_DKV'),
          W_UK: w('W_UK'),
          W_UV: w('W_UV'),
          W_KR: w('W_KR'),
          W_DQ: qLoraRank > 0 ? w('W_DQ') : undefined,
          W_UQ: w('W_UQ'),
          W_QR: w('W_QR'),
          W_O: w('W_O'),
        },
        H,
      ),
    );
    const cache = new MLACache();
    const out = mla.forward(h, { cache, causal: param<boolean>(fx, 'causal', true) });
    return { outputs: { out: output(out), cache_ckv: output(cache.ckv), cache_kr: output(cache.kr) } };
  },
};
