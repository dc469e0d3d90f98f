// @seqmod/fft public API: complex FFT for any length, real FFT, cached plans, causal FFT convolution.
export { fftArrays, fftconvArrays, ifftArrays, irfftArrays, rfftArrays } from './array-transforms';
export { type FFTBackend, type FFTPlanOptions, hasWasmFFT } from './backend-choice';
export { FFTPlan } from './complex-plan';
export type { KernelAlgorithm } from './dft-kernel';
export { nextFastLength } from './fast-length';
export { fftconv } from './fftconv';
export type { FloatArray } from './float-array';
export { clearPlanCache, getPlan, getRealPlan } from './plan-cache';
export { RealFFTPlan } from './real-plan';
export { fft, ifft, irfft, rfft } from './tensor-transforms';
