// @seqmod/attention public API.

// positions
export { alibiBias, alibiSlopes } from './alibi';
// softmax attention: plain and tiled paths, masks, patterns, dropout
export { type AttentionCallOptions, type AttentionImpl, attention } from './attention';
export { type AttentionDropout, attentionDropoutMask } from './attention-dropout';
export type { AttentionOptions } from './attention-options';
export {
  type AttentionPattern,
  bandPattern,
  type Coverage,
  causalPattern,
  globalTokensPattern,
  intersectPatterns,
  type LongformerOptions,
  longformerPattern,
  patternKeepMatrix,
  type SlidingWindowOptions,
  slidingWindowPattern,
  unionPatterns,
} from './attention-pattern';
export {
  favorFeatures,
  orthogonalRandomFeatures,
  PerformerFeatures,
  type PerformerFeaturesOptions,
} from './favor';
// linear-time attention
export { elu1, type FeatureMapFn, type FeatureMapName } from './feature-maps';
export {
  type FlashAttentionOptions,
  type FlashAttentionResult,
  flashAttention,
  flashAttentionWithLse,
  type TiledStats,
} from './flash-attention';
// gated linear attention and the short convolution
export {
  type GlaMode,
  type GlaOptions,
  type GlaResult,
  gatedLinearAttention,
} from './gated-linear-attention';
export { GatedLinearAttention, type GatedLinearAttentionOptions, type GlaLayerState } from './gla-layer';
// modules and caches
export {
  GroupedQueryAttention,
  type GroupedQueryAttentionOptions,
  groupedQueryAttention,
  MultiQueryAttention,
} from './grouped-query-attention';
export { mergeHeads, splitHeads } from './heads';
export { KVCache } from './kv-cache';
export {
  type LinearAttentionMode,
  type LinearAttentionOptions,
  type LinearAttentionState,
  linearAttention,
  linearAttentionWithState,
  linearStateBytes,
} from './linear-attention';
export { LinearAttentionLayer, type LinearAttentionLayerOptions } from './linear-attention-layer';
export { type LinformerOptions, LinformerSelfAttention, linformerAttention } from './linformer';
export {
  type BlockSparseAttentionOptions,
  blockSparseAttention,
  type LocalAttentionOptions,
  localAttention,
} from './local-attention';
// multi-head latent attention
export {
  type MlaAbsorbedWeights,
  type MlaForwardOptions,
  MultiHeadLatentAttention,
  type MultiHeadLatentAttentionOptions,
} from './mla';
export { MLACache } from './mla-cache';
export { type MlaPaperWeights, mlaStateDictFromPaper } from './mla-weights';
export {
  MultiheadAttention,
  type MultiheadAttentionOptions,
  type MultiheadAttentionOutput,
  type MultiheadForwardOptions,
} from './multihead-attention';
export { repeatKv } from './repeat-kv';
export { applyRope, type RopeConvention, type RopeOptions, ropeAngles } from './rope';
export {
  type AttentionWithWeights,
  attentionWithWeights,
  type SdpaOptions,
  scaledDotProductAttention,
} from './sdpa';
export {
  type ShortConvActivation,
  ShortConvolution,
  type ShortConvolutionOptions,
  shortConvolution,
} from './short-convolution';
