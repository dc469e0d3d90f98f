// safetensors read and write on bytes (no file system here, so this runs in the browser too; the
// file helpers live in safetensors-file.ts). Format: huggingface/safetensors, see
// safetensors-header.ts. Writing follows the reference serializer: `__metadata__` first, tensors
// ordered by decreasing alignment then name (so every tensor's data stays aligned), the header
// padded with spaces to a multiple of 8 bytes.
import {
  allocate,
  type DType,
  fmtShape,
  fromArray,
  Tensor,
  type TypedArray,
  ValueError,
} from '@seqmod/tensor';
import type { StateValue } from './module';
import { DTYPE_BYTES, decodeInto, defaultDTypeFor, encodeFloat } from './safetensors-dtype';
import { asBytes, readSafetensorsHeader } from './safetensors-header';

export interface SaveSafetensorsOptions {
  /** Free-form string pairs stored under `__metadata__` (e.g. { format: 'pt' }). */
  metadata?: Record<string, string>;
  /** Write every tensor as this dtype; default: F64 for float64 tensors, F32 otherwise. */
  dtype?: 'F32' | 'F64';
}

export interface LoadSafetensorsOptions {
  /** The dtype of every loaded tensor; default float64 for F64 data, float32 for the rest. */
  dtype?: DType;
}

export interface LoadedSafetensors {
  /** By name, in header order. */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` map ({} when the file has none). */
  metadata: Record<string, string>;
}

/** obj[key] = value as an own property, even for a key such as "__proto__" (names come from files). */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function valuesOf(
  name: string,
  v: StateValue,
): { values: TypedArray; shape: readonly number[]; dtype: DType } {
  if (v instanceof Tensor) return { values: v.toArray(), shape: v.shape, dtype: v.dtype };
  const count = v.shape.reduce((a, b) => a * b, 1);
  if (v.data.length !== count)
    throw new ValueError(
      'saveSafetensors',
      `"${name}": ${v.data.length} values for shape ${fmtShape(v.shape)}`,
    );
  const dtype: DType = v.data instanceof Float64Array ? 'float64' : 'float32';
  const values = allocate(dtype, count);
  values.set(Array.from(v.data));
  return { values, shape: v.shape, dtype };
}

/** Serialises a state dict (name -> tensor) to safetensors bytes. */
export function saveSafetensors(
  stateDict: Record<string, StateValue>,
  opts: SaveSafetensorsOptions = {},
): Uint8Array {
  const op = 'saveSafetensors';
  const metadata = opts.metadata;
  if (metadata) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new ValueError(op, `metadata values must be strings; "${k}" is ${typeof v}`);
    }
  }
  const items = Object.entries(stateDict).map(([name, v]) => {
    if (name === '' || name === '__metadata__') throw new ValueError(op, `"${name}" cannot name a tensor`);
    const { values, shape, dtype } = valuesOf(name, v);
    const fileDType = opts.dtype ?? (dtype === 'float64' ? 'F64' : 'F32');
    return { name, shape: [...shape], fileDType, bytes: encodeFloat(values, fileDType) };
  });
  items.sort(
    (a, b) =>
      DTYPE_BYTES[b.fileDType] - DTYPE_BYTES[a.fileDType] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const it of items) {
    setOwn(header, it.name, {
      dtype: it.fileDType,
      shape: it.shape,
      data_offsets: [offset, offset + it.bytes.byteLength],
    });
    offset += it.bytes.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.byteLength / 8) * 8;
  if (padded !== json.byteLength) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.byteLength), true);
  out.set(json, 8);
  let at = 8 + json.byteLength;
  for (const it of items) {
    out.set(it.bytes, at);
    at += it.bytes.byteLength;
  }
  return out;
}

/**
 * Parses safetensors bytes into tensors. F32/F64/F16/BF16 and integer/bool data are read (all
 * widened to float tensors); truncated, corrupt or inconsistent files throw a ValueError naming
 * the problem.
 */
export function loadSafetensors(
  buffer: ArrayBufferLike | ArrayBufferView,
  opts: LoadSafetensorsOptions = {},
): LoadedSafetensors {
  const bytes = asBytes(buffer);
  const header = readSafetensorsHeader(bytes);
  const tensors: Record<string, Tensor> = {};
  for (const e of header.entries) {
    const dtype = opts.dtype ?? defaultDTypeFor(e.dtype);
    const count = e.shape.reduce((a, b) => a * b, 1);
    const out = allocate(dtype, count);
    const [begin, end] = e.dataOffsets;
    decodeInto(
      'loadSafetensors',
      bytes.subarray(header.dataStart + begin, header.dataStart + end),
      e.dtype,
      out,
    );
    setOwn(tensors, e.name, fromArray(out, e.shape));
  }
  return { tensors, metadata: header.metadata };
}
