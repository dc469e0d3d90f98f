// @seqmod/nn public API.
export { Linear, type LinearOptions } from './linear';
export { type LoadResult, Module, type StateDict, StateDictError, type StateValue } from './module';
export { Lambda, type Layer, Residual, Sequential } from './sequential';
