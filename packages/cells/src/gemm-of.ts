// The strided gemm of @seqmod/tensor for a tensor's dtype: C (+)= A·B on raw typed arrays.
import { gemmF32, gemmF64, type Tensor, type TypedArray } from '@seqmod/tensor';

export type Gemm = (
  m: number,
  n: number,
  k: number,
  a: TypedArray,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: TypedArray,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: TypedArray,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
) => void;

/** gemmF64 or gemmF32 (both share one strided signature over their own array type). */
export function gemmOf(t: Tensor): Gemm {
  return (t.dtype === 'float64' ? gemmF64 : gemmF32) as Gemm;
}
