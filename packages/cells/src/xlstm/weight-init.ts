// The initialisations of the xLSTM reference, so a fresh seqmod block starts like its PyTorch twin.
//
// Reference matched: NX-AI/xlstm `components/init.py`: small_init (Nguyen & Salazar 2019,
// N(0, 2/(5·dim))), wang_init (N(0, (2/(blocks·√dim))²)), bias_linspace_init (evenly spaced
// forget-gate biases so some gates start nearly open).
import { type DType, type Generator, linspace, noGrad, type Tensor } from '@seqmod/tensor';

/** Overwrites a parameter's values in place (no tape), keeping the tensor optimisers hold. */
export function fillWith(param: Tensor, values: Tensor | number): void {
  noGrad(() => {
    if (typeof values === 'number') param.data.fill(values);
    else param.data.set(values.toArray());
  });
}

/** small_init: N(0, 2/(5·dim)) of `shape`. */
export function smallInit(shape: readonly number[], dim: number, rng: Generator, dtype: DType): Tensor {
  return rng.normal(shape, 0, Math.sqrt(2 / (5 * dim)), { dtype });
}

/** wang_init: N(0, (2/(numBlocks·√dim))²) of `shape`. */
export function wangInit(
  shape: readonly number[],
  dim: number,
  numBlocks: number,
  rng: Generator,
  dtype: DType,
): Tensor {
  return rng.normal(shape, 0, 2 / numBlocks / Math.sqrt(dim), { dtype });
}

/** bias_linspace_init: n values evenly spaced from start to end. */
export function linspaceBias(n: number, start: number, end: number, dtype: DType): Tensor {
  return linspace(start, end, n, { dtype });
}
