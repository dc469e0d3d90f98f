// A key/value cache for incremental decoding with softmax attention: the keys and values of past
// tokens, stored once, [B, Hkv, T, d] and [B, Hkv, T, dv], appended to at each step (see
// row-buffer.ts for the storage and why handed-out views stay valid).
//
// The cache is for inference: it stores values, not the autograd graph (train on full sequences).
import { fmtShape, ShapeError, type Tensor } from '@seqmod/tensor';
import { RowBuffer } from './row-buffer';

export class KVCache {
  private readonly k: RowBuffer;
  private readonly v: RowBuffer;

  /** `initialCapacity` tokens are reserved on the first append (grows as needed). */
  constructor(initialCapacity = 64) {
    this.k = new RowBuffer('KVCache', initialCapacity);
    this.v = new RowBuffer('KVCache', initialCapacity);
  }

  /** Tokens stored. */
  get length(): number {
    return this.k.length;
  }

  /**
   * Appends keys k: [B, Hkv, n, d] and values v: [B, Hkv, n, dv]; returns all stored keys and
   * values, [B, Hkv, T, d] and [B, Hkv, T, dv] with T = length after the append.
   */
  append(k: Tensor, v: Tensor): { keys: Tensor; values: Tensor } {
    if (
      k.ndim !== 4 ||
      v.ndim !== 4 ||
      k.shape[0] !== v.shape[0] ||
      k.shape[1] !== v.shape[1] ||
      k.shape[2] !== v.shape[2]
    ) {
      throw new ShapeError(
        'KVCache.append',
        `k [B, Hkv, n, d] and v [B, Hkv, n, dv] must agree, got ${fmtShape(k.shape)} and ${fmtShape(v.shape)}`,
      );
    }
    if (this.length > 0 && (this.k.dtype !== k.dtype || this.v.dtype !== v.dtype)) {
      throw new ShapeError('KVCache.append', `the cache holds ${this.k.dtype}, got ${k.dtype} / ${v.dtype}`);
    }
    this.k.append(k);
    this.v.append(v);
    return { keys: this.keys, values: this.values };
  }

  /** All stored keys [B, Hkv, T, d] (a view). */
  get keys(): Tensor {
    return this.k.view();
  }

  /** All stored values [B, Hkv, T, dv] (a view). */
  get values(): Tensor {
    return this.v.view();
  }

  /** Bytes one token occupies per sequence: Hkv·(d + dv) numbers. */
  bytesPerToken(): number {
    return this.k.bytesPerRow() + this.v.bytesPerRow();
  }

  /** Bytes of the stored tokens (all sequences of the batch; capacity slack not counted). */
  bytes(): number {
    return this.bytesPerToken() * this.length * this.k.batch;
  }

  /** Forgets every token (keeps the storage). */
  reset(): void {
    this.k.reset();
    this.v.reset();
  }
}
