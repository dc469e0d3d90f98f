// Test inputs: seeded random tensors, and a closeness check that names the worst element.
import { type DType, Generator, type Tensor } from '@seqmod/tensor';
import { expect } from 'vitest';

export function randn(shape: number[], seed: number, dtype: DType = 'float64', std = 1, mean = 0): Tensor {
  return new Generator(seed).normal(shape, mean, std, { dtype });
}

/** q, k, v [B, NH, S, DH] and gate pre-activations [B, NH, S] (input gates ~ N(0, iStd²), forget ~ N(fMean, fStd²)). */
export function mlstmInputs(
  [B, NH, S, DH]: [number, number, number, number],
  seed: number,
  opts: { dtype?: DType; iStd?: number; fMean?: number; fStd?: number } = {},
) {
  const dtype = opts.dtype ?? 'float64';
  return {
    q: randn([B, NH, S, DH], seed, dtype),
    k: randn([B, NH, S, DH], seed + 1, dtype),
    v: randn([B, NH, S, DH], seed + 2, dtype),
    i: randn([B, NH, S], seed + 3, dtype, opts.iStd ?? 1),
    f: randn([B, NH, S], seed + 4, dtype, opts.fStd ?? 1, opts.fMean ?? 2),
  };
}

/** Every element within atol + rtol·|expected|; the message names the worst one. */
export function expectClose(
  actual: Tensor | ArrayLike<number>,
  expected: Tensor | ArrayLike<number>,
  rtol = 1e-10,
  atol = 1e-12,
): void {
  const a = 'toArray' in actual ? actual.toArray() : actual;
  const e = 'toArray' in expected ? expected.toArray() : expected;
  expect(a.length).toBe(e.length);
  let worst = -1;
  let ratio = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    const r = err === 0 ? 0 : err / (atol + rtol * Math.abs(e[i]!));
    if (Number.isNaN(r) || r > ratio) {
      ratio = r;
      worst = i;
      if (Number.isNaN(r)) break;
    }
  }
  if (!(ratio <= 1)) {
    throw new Error(
      `element ${worst}: ${a[worst]} vs expected ${e[worst]} (${ratio.toExponential(2)} × tolerance)`,
    );
  }
}

/** True when no element is NaN or ±∞. */
export function allFinite(t: Tensor): boolean {
  return t.toArray().every((v) => Number.isFinite(v));
}
