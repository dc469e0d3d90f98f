// The width of an up-projection: factor · dim rounded up to a multiple (the reference rounds to
// 64 so that the inner width suits GPU tiles).
// Reference matched: NX-AI/xlstm `UpProjConfigMixin._set_proj_up_dim` (round_proj_up_dim_up = True).
import { ValueError } from '@seqmod/tensor';

/** ⌈factor·dim / multipleOf⌉ · multipleOf. */
export function upProjectionSize(dim: number, factor: number, multipleOf = 64): number {
  if (!Number.isInteger(dim) || dim <= 0)
    throw new ValueError('upProjectionSize', `dim must be a positive integer, got ${dim}`);
  if (!(factor > 0)) throw new ValueError('upProjectionSize', `factor must be > 0, got ${factor}`);
  if (!Number.isInteger(multipleOf) || multipleOf <= 0) {
    throw new ValueError('upProjectionSize', `multipleOf must be a positive integer, got ${multipleOf}`);
  }
  // The same IEEE operations in the same order as the reference, so sizes agree bit for bit.
  return Math.ceil((factor * dim) / multipleOf) * multipleOf;
}
