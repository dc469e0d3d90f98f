// Moving between the module layout [B, L, H·dh] and the head layout [B, H, L, dh].
import { fmtShape, permute, reshape, ShapeError, type Tensor } from '@seqmod/tensor';

/** x: [B, L, H·dh] -> [B, H, L, dh] (a view). */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [B, L, E] = x.shape as [number, number, number];
  if (x.ndim !== 3 || E % numHeads !== 0)
    throw new ShapeError('splitHeads', `x must be [B, L, ${numHeads}·dh], got ${fmtShape(x.shape)}`);
  return permute(reshape(x, [B, L, numHeads, E / numHeads]), [0, 2, 1, 3]);
}

/** x: [B, H, L, dh] -> [B, L, H·dh]. */
export function mergeHeads(x: Tensor): Tensor {
  if (x.ndim !== 4) throw new ShapeError('mergeHeads', `x must be [B, H, L, dh], got ${fmtShape(x.shape)}`);
  const [B, H, L, dh] = x.shape as [number, number, number, number];
  return reshape(permute(x, [0, 2, 1, 3]), [B, L, H * dh]);
}
