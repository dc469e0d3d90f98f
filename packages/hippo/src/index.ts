// @seqmod/hippo: HiPPO transition matrices, their NPLR/DPLR forms, S4D initialisations, and the
// SSM convolution kernels (dense powers, diagonal Vandermonde, DPLR Cauchy + FFT).
// Tensor API first (differentiable kernels), then the array-level numerics underneath.

// Array level (row-major Float64Array / Float32Array; complex as { re, im }).
export { type CauchyGradients, cauchyArray, cauchyBackwardArray } from './cauchy';
export { cauchy } from './cauchy-op';
export { dplrCorrectC, dplrKernel } from './dplr-kernel-op';
export { ssmKernelDenseArray } from './kernel-dense';
export {
  diagKernelArray,
  s4dKernelArray,
  vandermondeBackwardArray,
  vandermondeKernelArray,
} from './kernel-diagonal';
export {
  type DplrSystem,
  dplrBilinearRealForm,
  dplrCorrectCArray,
  dplrKernelArray,
  dplrSpectrumArray,
} from './kernel-dplr';
export { legsEncode, legsReconstruct } from './legs-memory';
export {
  type DplrForm,
  dplr,
  dplrArray,
  type NplrForm,
  nplr,
  nplrArray,
  rankCorrection,
  reconstructDplr,
  reconstructNplr,
} from './nplr';
export { S4D_INITS, type S4DInit, s4dInit, s4dInitArray } from './s4d-init';
export { type SkewEigen, skewSymmetricEigen } from './skew-eigen';
export { ssmKernel } from './ssm-kernel-op';
export { HIPPO_MEASURES, type HippoMatrices, type HippoMeasure, hippo, hippoArray } from './transition';
export { type SymmetricEigen, tridiagonalEigen } from './tridiagonal-eigen';
export { s4dKernel, vandermonde } from './vandermonde-op';
