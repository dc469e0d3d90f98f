// Append-only storage of rows [B, H, T, width] with amortised O(1) appends, the storage of the
// decoding caches. Rows live in [B, H, capacity, width]; capacity doubles when full. Views handed
// out cover rows 0 .. T − 1 only, and later appends write beyond them (or into fresh storage
// after growth), so a view never changes after it is taken.
import {
  allocate,
  type DType,
  fmtShape,
  ShapeError,
  Tensor,
  type TypedArray,
  ValueError,
} from '@seqmod/tensor';

export class RowBuffer {
  private data: TypedArray | null = null;
  private capacity = 0;
  private used = 0;
  private dims: { B: number; H: number; width: number; dtype: DType } | null = null;

  constructor(
    private readonly op: string,
    private readonly initialCapacity = 64,
  ) {
    if (!Number.isInteger(initialCapacity) || initialCapacity <= 0) {
      throw new ValueError(op, `initialCapacity must be a positive integer, got ${initialCapacity}`);
    }
  }

  get length(): number {
    return this.used;
  }

  get dtype(): DType | null {
    return this.dims?.dtype ?? null;
  }

  /** Rows of each (batch, head) already stored, times width, times the element size. */
  bytesPerRow(): number {
    if (!this.dims) return 0;
    return this.dims.H * this.dims.width * (this.dims.dtype === 'float64' ? 8 : 4);
  }

  get batch(): number {
    return this.dims?.B ?? 0;
  }

  /** Appends x: [B, H, n, width]. */
  append(x: Tensor): void {
    if (x.ndim !== 4) throw new ShapeError(this.op, `expected [B, H, n, width], got ${fmtShape(x.shape)}`);
    const [B, H, n, width] = x.shape as [number, number, number, number];
    this.dims ??= { B, H, width, dtype: x.dtype };
    const d = this.dims;
    if (d.B !== B || d.H !== H || d.width !== width || d.dtype !== x.dtype) {
      throw new ShapeError(
        this.op,
        `the cache holds [${d.B}, ${d.H}, T, ${d.width}] ${d.dtype}, got ${fmtShape(x.shape)} ${x.dtype}`,
      );
    }
    this.reserve(this.used + n);
    const src = x.detach().toArray();
    const dst = this.data!;
    for (let bh = 0; bh < B * H; bh++) {
      dst.set(src.subarray(bh * n * width, (bh + 1) * n * width), (bh * this.capacity + this.used) * width);
    }
    this.used += n;
  }

  /** The stored rows, a view [B, H, T, width]. */
  view(): Tensor {
    if (!this.data || !this.dims) throw new ValueError(this.op, 'the cache is empty: append before reading');
    const { B, H, width } = this.dims;
    const cap = this.capacity;
    return new Tensor(this.data, [B, H, this.used, width], [H * cap * width, cap * width, width, 1], 0);
  }

  reset(): void {
    this.used = 0;
  }

  private reserve(needed: number): void {
    if (needed <= this.capacity) return;
    const { B, H, width, dtype } = this.dims!;
    let cap = Math.max(this.capacity, this.initialCapacity);
    while (cap < needed) cap *= 2;
    const fresh = allocate(dtype, B * H * cap * width);
    if (this.data) {
      for (let bh = 0; bh < B * H; bh++) {
        fresh.set(
          this.data.subarray(bh * this.capacity * width, (bh * this.capacity + this.used) * width),
          bh * cap * width,
        );
      }
    }
    this.data = fresh;
    this.capacity = cap;
  }
}
