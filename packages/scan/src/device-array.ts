// A kernel operand: either host memory (a Float32Array: host inputs, and every result on the
// webasm and gpu.js-cpu backends, which have no device memory) or a device handle (a gpu.js
// texture on webgl2/headlessgl, a WebGPU buffer result on webgpu) that stays on the device
// between kernels and between calls. `dims` are gpu.js dims [x, y?, z?], x fastest in memory.
import { BackendError } from '@seqmod/tensor';

/** A gpu.js texture or WebGPU buffer result. */
export interface GpuHandle {
  toArray(): unknown;
  delete(): void;
}

export class DeviceArray {
  readonly dims: readonly number[];
  readonly host: Float32Array | null;
  readonly handle: GpuHandle | null;
  /** false when the producing kernel owns the memory (a mutable GL kernel re-renders into it) */
  readonly owned: boolean;
  private deleted = false;
  private readonly onRelease: (() => void) | null;

  constructor(
    dims: readonly number[],
    host: Float32Array | null,
    handle: GpuHandle | null,
    owned = true,
    onRelease: (() => void) | null = null,
  ) {
    this.dims = Object.freeze([...dims]);
    this.host = host;
    this.handle = handle;
    this.owned = owned;
    this.onRelease = onRelease;
  }

  get length(): number {
    let n = 1;
    for (const d of this.dims) n *= d;
    return n;
  }

  get isDeleted(): boolean {
    return this.deleted;
  }

  /** Frees the device memory (a no-op for host arrays). */
  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    if (this.owned) this.handle?.delete();
    this.onRelease?.();
  }
}

/**
 * The values of a gpu.js result (a typed array, or nested arrays of typed-array rows) as one
 * Float32Array of `length` elements. Rows that are views of one buffer, laid out contiguously
 * (what gpu.js builds), come back as a view without copying.
 */
export function flattenResult(result: unknown, length: number, op: string): Float32Array {
  if (result instanceof Float32Array) return result.length === length ? result : result.subarray(0, length);
  const rows: Float32Array[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Float32Array) rows.push(v);
    else if (Array.isArray(v)) for (const r of v) walk(r);
    else throw new BackendError(op, `unexpected kernel result of type ${Object.prototype.toString.call(v)}`);
  };
  walk(result);
  if (rows.length === 0) throw new BackendError(op, 'kernel returned no values');
  const first = rows[0]!;
  let contiguous = true;
  let expect = first.byteOffset;
  for (const r of rows) {
    if (r.buffer !== first.buffer || r.byteOffset !== expect) {
      contiguous = false;
      break;
    }
    expect += r.byteLength;
  }
  if (contiguous && (expect - first.byteOffset) / 4 >= length) {
    return new Float32Array(first.buffer, first.byteOffset, length);
  }
  const out = new Float32Array(length);
  let o = 0;
  for (const r of rows) {
    out.set(r.subarray(0, Math.min(r.length, length - o)), o);
    o += r.length;
    if (o >= length) break;
  }
  if (o < length) throw new BackendError(op, `kernel returned ${o} values, expected ${length}`);
  return out;
}
