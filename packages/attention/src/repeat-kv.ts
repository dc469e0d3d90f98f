// Sharing key/value heads between query heads (multi-query and grouped-query attention).
import { expand, fmtShape, reshape, ShapeError, type Tensor, unsqueeze } from '@seqmod/tensor';

/**
 * Repeats each key/value head `group` times: x: [B, Hkv, L, d] -> [B, Hkv·group, L, d], head h of
 * the result being head h // group of x (the order of repeat_interleave in LLaMA's repeat_kv).
 * Differentiable: the gradient of a shared head sums over the query heads that read it.
 */
export function repeatKv(x: Tensor, group: number): Tensor {
  if (x.ndim !== 4) throw new ShapeError('repeatKv', `x must be [B, Hkv, L, d], got ${fmtShape(x.shape)}`);
  if (group === 1) return x;
  const [B, Hkv, L, d] = x.shape as [number, number, number, number];
  return reshape(expand(unsqueeze(x, 2), [B, Hkv, group, L, d]), [B, Hkv * group, L, d]);
}
