// Elementwise closeness for tests, with a failure message naming the worst element.
import type { Tensor } from '@seqmod/tensor';
import { expect } from 'vitest';

/** Every element within atol + rtol·|expected| (shapes must match when both are tensors). */
export function expectAllClose(
  actual: Tensor | ArrayLike<number>,
  expected: Tensor | ArrayLike<number>,
  rtol = 1e-10,
  atol = 1e-12,
): void {
  if ('shape' in actual && 'shape' in expected) expect([...actual.shape]).toEqual([...expected.shape]);
  const a = 'toArray' in actual ? actual.toArray() : actual;
  const e = 'toArray' in expected ? expected.toArray() : expected;
  expect(a.length).toBe(e.length);
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    const ratio = err === 0 ? 0 : err / (atol + rtol * Math.abs(e[i]!));
    if (!(ratio <= worstRatio)) {
      worst = i;
      worstRatio = ratio;
    }
  }
  if (!(worstRatio <= 1)) {
    expect.fail(
      `element ${worst}: ${a[worst]} vs expected ${e[worst]} (${worstRatio.toExponential(2)}× the tolerance)`,
    );
  }
}
