// @seqmod/nn public API.
export { Adam, type AdamSettings } from './adam';
export { AdamW } from './adamw';
export { type ClipGradNormOptions, clipGradNorm } from './clip-grad-norm';
export { type CrossEntropyOptions, crossEntropy } from './cross-entropy';
export { Dropout, type DropoutOptions, dropout, dropoutMask } from './dropout';
export { Embedding, type EmbeddingOptions, embedding } from './embedding';
export { LayerNorm, type LayerNormOptions, layerNorm } from './layer-norm';
export { Linear, type LinearOptions } from './linear';
export { LRScheduler, type LRSchedulerState } from './lr-scheduler';
export { type LoadResult, Module, type StateDict, StateDictError, type StateValue } from './module';
export { mseLoss } from './mse-loss';
export {
  type GroupSettings,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamState,
  type ParamsInput,
} from './optimizer';
export type { Reduction } from './reduction';
export { RMSNorm, type RMSNormOptions, rmsNorm } from './rms-norm';
export {
  type LoadedSafetensors,
  type LoadSafetensorsOptions,
  loadSafetensors,
  type SaveSafetensorsOptions,
  saveSafetensors,
} from './safetensors';
export type { SafetensorsDType } from './safetensors-dtype';
export { loadSafetensorsFile, saveSafetensorsFile } from './safetensors-file';
export { readSafetensorsHeader, type SafetensorsEntry, type SafetensorsHeader } from './safetensors-header';
export {
  constantSchedule,
  cosineDecay,
  type DecayOptions,
  linearDecay,
  linearWarmup,
  type Schedule,
  stepDecay,
} from './schedules';
export { Lambda, type Layer, Residual, Sequential } from './sequential';
export { SGD, type SGDSettings } from './sgd';
export { type DataSource, type TrainOptions, type TrainProgress, type TrainResult, train } from './train';
