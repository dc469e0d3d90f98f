// @seqmod/scan public API: linear recurrences and the Mamba selective scan (S6) on gpu.js
// backends (webgpu, webgl2, headlessgl, webasm), seqmod's own WebAssembly SIMD kernels
// (wasm-simd) and a plain-JS reference, with backward passes.
export { ALL_BACKENDS, BACKEND_ORDER, type BackendName } from './backend-name';
export { availableBackends, isBackendAvailable } from './backend-select';
export { INDEX_LIMIT } from './block-plan';
export { DeviceTensor, type HostTensor, type ScanArray, type ScanOperand } from './device-tensor';
export type { FloatArray, ScanDType } from './float-array';
export { chooseForm, type FormChoice, type FormOptions, type ScanForm } from './form-choice';
export type {
  LinearScanBackwardInputs,
  LinearScanGradients,
  LinearScanInputs,
  LinearScanOutput,
} from './linear-scan-op';
export { installNodeWebGPU, nodeWebGPUDevice, type WebGPUModule } from './node-webgpu';
export {
  type LinearScanArrays,
  type LinearScanGrads,
  linearScanBackwardReference,
  linearScanReference,
} from './reference-linear-scan';
export {
  type SelectiveScanArrays,
  type SelectiveScanCotangents,
  type SelectiveScanGrads,
  type SelectiveScanResult,
  selectiveScanBackwardReference,
  selectiveScanReference,
  softplus,
} from './reference-selective-scan';
export type { CallOptions, ScanInfo } from './scan-call';
export type { LinearScanShape, SelectiveScanShape } from './scan-shapes';
export { createScanner, Scanner, type ScannerOptions } from './scanner';
export type {
  SelectiveScanBackwardInputs,
  SelectiveScanGradients,
  SelectiveScanInputs,
  SelectiveScanOutput,
} from './selective-scan-op';
export {
  type LinearScanTensors,
  linearScanTensor,
  type SelectiveScanTensorOptions,
  type SelectiveScanTensors,
  selectiveScanTensor,
} from './tensor-ops';
