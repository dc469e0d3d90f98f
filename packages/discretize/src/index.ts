// @seqmod/discretize: the matrix exponential and the discretisation of linear state-space
// systems (ZOH, bilinear, Euler, backward Euler, generalised bilinear), for dense, real-diagonal
// and complex-diagonal A. Tensor ops (differentiable) first, then the array-level kernels they use.

// Array level: row-major Float32Array/Float64Array in, same element type out.
export { type ComplexArray, complexLike } from './complex-array';
export { type DenseSystem, discretizeArray } from './discretize-dense';
export { type ComplexDiagDiscrete, discretizeDiag, type RealDiagDiscrete } from './discretize-diag-op';
export {
  type ComplexDiagSystem,
  discretizeComplexDiagArray,
  discretizeRealDiagArray,
  type RealDiagSystem,
} from './discretize-diagonal';
export { type DiscreteSystem, discretize } from './discretize-op';
export { expmArray } from './expm';
export { expmComplexDiagArray, expmRealDiagArray } from './expm-diagonal';
export { expm } from './expm-op';
export { allocLike, type FloatArray } from './float-array';
export { type LUFactors, luFactor, luSolve, solveArray } from './lu';
export { DISCRETIZE_METHODS, type DiscretizeMethod, gbtAlpha, type MethodOptions } from './method';
export { solve } from './solve-op';
