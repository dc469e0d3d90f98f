// Shared test helpers: random float64 tensors and a naive reference evaluator.
import { fromArray, Generator, type Tensor } from '../src/index';

export function randn(shape: number[], seed = 1, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  return new Generator(seed).normal(shape, 0, 1, { dtype });
}

export function arr(t: Tensor): number[] {
  return Array.from(t.toArray());
}

export function f64(values: number[], shape: number[]): Tensor {
  return fromArray(values, shape, { dtype: 'float64' });
}

/** Row-major element of a nested index in a flat array. */
export function at(flat: ArrayLike<number>, shape: readonly number[], idx: number[]): number {
  let p = 0;
  for (let i = 0; i < shape.length; i++) p = p * shape[i]! + idx[i]!;
  return flat[p]!;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e))))
      throw new Error(`element ${i}: ${a} != ${e} (tol ${tol})`);
  }
}
