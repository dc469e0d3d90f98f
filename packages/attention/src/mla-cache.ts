// The cache of multi-head latent attention: per token only the compressed latent c_KV [dc] and
// the shared rotary key k_R [dR] — dc + dR numbers, against 2·H·dh for a multi-head KV cache.
// They are stored side by side as one row [c_KV ; k_R], which is exactly the single key head of
// the absorbed form (mla.ts), so decoding reads the cache in place, without copies.
import {
  concat,
  fmtShape,
  ShapeError,
  slice,
  squeeze,
  type Tensor,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import { RowBuffer } from './row-buffer';

export class MLACache {
  private readonly rows: RowBuffer;
  private dc = 0;

  constructor(initialCapacity = 64) {
    this.rows = new RowBuffer('MLACache', initialCapacity);
  }

  get length(): number {
    return this.rows.length;
  }

  /** Appends ckv: [B, n, dc] and kr: [B, n, dR]; returns everything stored, [B, T, dc] and [B, T, dR]. */
  append(ckv: Tensor, kr: Tensor): { ckv: Tensor; kr: Tensor } {
    if (ckv.ndim !== 3 || kr.ndim !== 3 || ckv.shape[0] !== kr.shape[0] || ckv.shape[1] !== kr.shape[1]) {
      throw new ShapeError(
        'MLACache.append',
        `ckv [B, n, dc] and kr [B, n, dR] expected, got ${fmtShape(ckv.shape)} and ${fmtShape(kr.shape)}`,
      );
    }
    if (this.length > 0 && ckv.shape[2] !== this.dc)
      throw new ShapeError('MLACache.append', `the cache holds dc = ${this.dc}, got ${fmtShape(ckv.shape)}`);
    this.dc = ckv.shape[2]!;
    this.rows.append(unsqueeze(concat([ckv, kr], -1), 1));
    return { ckv: this.ckv, kr: this.kr };
  }

  /** Stored rows [c_KV ; k_R]: [B, T, dc + dR] (a view). */
  get latent(): Tensor {
    return squeeze(this.rows.view(), 1);
  }

  /** Stored latents [B, T, dc] (a view). */
  get ckv(): Tensor {
    return slice(this.latent, -1, 0, this.dc);
  }

  /** Stored rotary keys [B, T, dR], rotated already (a view). */
  get kr(): Tensor {
    if (this.length === 0) throw new ValueError('MLACache', 'the cache is empty: append before reading');
    return slice(this.latent, -1, this.dc);
  }

  /** (dc + dR)·bytes per element: the cache's size per token and sequence. */
  bytesPerToken(): number {
    return this.rows.bytesPerRow();
  }

  bytes(): number {
    return this.bytesPerToken() * this.length * this.rows.batch;
  }

  reset(): void {
    this.rows.reset();
  }
}
