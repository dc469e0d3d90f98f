// Non-differentiable helpers on pairs of real tensors.
import { applyBinary } from './elementwise';
import type { Tensor } from './tensor';

/** atan2(y, x) elementwise, broadcasting. */
export function atan2Values(y: Tensor, x: Tensor): Tensor {
  return applyBinary('atan2', y, x, (out, o, a, ia, sa, b, ib, sb, n) => {
    for (let k = 0; k < n; k++, ia += sa, ib += sb) out[o + k] = Math.atan2(a[ia]!, b[ib]!);
  });
}
