// CPU reference of the first-order linear recurrence, sequential per channel: the numbers every
// gpu.js kernel is tested against, and the `cpu` backend of the scanner.
//
// Glossary: a_t, b_t [B, L, D] coefficients and inputs, h_t [B, L, D] the states,
// h_{−1} = h0 [B, D] (zero when absent):
//   h_t = a_t ⊙ h_{t−1} + b_t.
// Backward, with ḡ_t the cotangent of h_t and g̃_t = ∂loss/∂h_t (everything that reaches h_t):
//   g̃_t = ḡ_t + a_{t+1} ⊙ g̃_{t+1},  ∂b_t = g̃_t,  ∂a_t = g̃_t ⊙ h_{t−1},  ∂h0 = a_0 ⊙ g̃_0.
// Reference: the numpy loop of the scan fixtures; the reverse pass is the adjoint of that loop.
import { allocFloat, type FloatArray, type ScanDType } from './float-array';
import type { LinearScanShape } from './scan-shapes';

export interface LinearScanArrays {
  /** a: [B, L, D] */
  a: ArrayLike<number>;
  /** b: [B, L, D] */
  b: ArrayLike<number>;
  /** h0: [B, D], zero when absent */
  h0?: ArrayLike<number> | undefined;
}

/** a, b: [B, L, D], h0: [B, D] -> h: [B, L, D]. */
export function linearScanReference(x: LinearScanArrays, s: LinearScanShape, dtype: ScanDType): FloatArray {
  const { batch: B, length: L, channels: D } = s;
  const h = allocFloat(dtype, B * L * D);
  for (let bi = 0; bi < B; bi++) {
    for (let d = 0; d < D; d++) {
      let state = x.h0 ? x.h0[bi * D + d]! : 0;
      for (let t = 0; t < L; t++) {
        const i = (bi * L + t) * D + d;
        state = x.a[i]! * state + x.b[i]!;
        h[i] = state;
        if (dtype === 'float32') state = h[i]!;
      }
    }
  }
  return h;
}

export interface LinearScanGrads {
  /** ∂a: [B, L, D] */
  a: FloatArray;
  /** ∂b: [B, L, D] */
  b: FloatArray;
  /** ∂h0: [B, D] */
  h0: FloatArray;
}

/**
 * a, b, h: [B, L, D] (h the forward output), h0: [B, D], gh: [B, L, D] the cotangent of h
 * -> ∂a, ∂b: [B, L, D], ∂h0: [B, D].
 */
export function linearScanBackwardReference(
  x: LinearScanArrays,
  h: ArrayLike<number>,
  gh: ArrayLike<number>,
  s: LinearScanShape,
  dtype: ScanDType,
): LinearScanGrads {
  const { batch: B, length: L, channels: D } = s;
  const ga = allocFloat(dtype, B * L * D);
  const gb = allocFloat(dtype, B * L * D);
  const gh0 = allocFloat(dtype, B * D);
  for (let bi = 0; bi < B; bi++) {
    for (let d = 0; d < D; d++) {
      let g = 0;
      for (let t = L - 1; t >= 0; t--) {
        const i = (bi * L + t) * D + d;
        g += gh[i]!;
        gb[i] = g;
        const prev = t > 0 ? h[i - D]! : x.h0 ? x.h0[bi * D + d]! : 0;
        ga[i] = g * prev;
        g *= x.a[i]!;
      }
      gh0[bi * D + d] = g;
    }
  }
  return { a: ga, b: gb, h0: gh0 };
}
