// @seqmod/tensor public API.
export { elu, erf, gelu, logSigmoid, relu, sigmoid, sigmoidValue, silu, softplus, tanh } from './activations';
export {
  type BackwardFn,
  enableGrad,
  type GradNode,
  isGradEnabled,
  noGrad,
  recordOp,
  setGradEnabled,
} from './autograd';
export { allClose, eq, ge, gt, le, lt, ne } from './compare-ops';
export {
  type ComplexLike,
  ComplexTensor,
  cabs,
  cadd,
  cangle,
  cdiv,
  cexp,
  cmatmul,
  cmul,
  complex,
  complexFromInterleaved,
  conj,
  csub,
  imag,
  real,
} from './complex';
export { conv1dCausalDepthwise } from './conv1d';
export {
  arange,
  type CreateOptions,
  eye,
  fromArray,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from './creation';
export { cumprod, cumsum } from './cumulative';
export { allocate, DEFAULT_DTYPE, type DType, dtypeOf, epsilonOf, type TypedArray } from './dtype';
export { einsum } from './einsum';
export { add, div, maximum, minimum, mul, pow, sub } from './elementwise';
export { BackendError, DTypeError, fmtShape, SeqmodError, ShapeError, ValueError } from './errors';
export { assertGradcheck, type GradcheckOptions, type GradcheckResult, gradcheck } from './gradcheck';
export { gather, type Indices, indexSelect, maskedFill, where } from './indexing';
export {
  calculateGain,
  fans,
  type InitOptions,
  kaimingNormal,
  kaimingUniform,
  linearInit,
  type Nonlinearity,
  normalInit,
  orthogonal,
  rnnInit,
  uniformInit,
  xavierNormal,
  xavierUniform,
} from './init';
export { chunk, concat, split, stack } from './join';
export { type Gemm, gemmF32, gemmF64, gemmFor, hasWasmGemm } from './kernels/gemm';
// The WebAssembly binary encoder behind the gemm kernels (value types, opcodes, CodeWriter,
// encodeModule), public so that other seqmod packages emit their own kernels with it
// (@seqmod/scan's wasm-simd scans): `import { wasmEncoder } from '@seqmod/tensor'`.
export * as wasmEncoder from './kernels/wasm-encoder';
export { matmul } from './matmul';
export { pad } from './pad';
export { Generator, type RandomOptions } from './random';
export { argmax, argmin, max, mean, min, sum, sumTo } from './reduce';
export { broadcastShapes, contiguousStrides, type Shape, sizeOf } from './shape';
export { logSoftmax, logsumexp, softmax } from './softmax';
export { type NestedArray, Tensor, type TensorLike } from './tensor';
export {
  abs,
  clamp,
  cos,
  exp,
  expm1,
  log,
  log1p,
  neg,
  oneMinus,
  reciprocal,
  sign,
  sin,
  sqrt,
  square,
} from './unary';
export {
  clone,
  contiguous,
  expand,
  flatten,
  flip,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from './views';
