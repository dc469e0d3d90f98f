// The element types of the safetensors format and how each becomes a float tensor here.
// Every multi-byte value in the file is little-endian. seqmod tensors are float32/float64, so
// half-precision and integer data widen on load (F16/BF16 exactly; integers exactly up to 2^24
// in float32, 2^53 in float64).
import { type DType, DTypeError, type TypedArray } from '@seqmod/tensor';

/** The dtype names of the format (huggingface/safetensors Dtype). */
export type SafetensorsDType =
  | 'BOOL'
  | 'U8'
  | 'I8'
  | 'I16'
  | 'U16'
  | 'F16'
  | 'BF16'
  | 'I32'
  | 'U32'
  | 'F32'
  | 'F64'
  | 'I64'
  | 'U64';

/** Bytes per element of the dtypes this reader understands. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

export function isSafetensorsDType(s: unknown): s is SafetensorsDType {
  return typeof s === 'string' && Object.hasOwn(DTYPE_BYTES, s);
}

/** The seqmod dtype a file dtype loads as by default: F64 stays float64, all else float32. */
export function defaultDTypeFor(d: SafetensorsDType): DType {
  return d === 'F64' ? 'float64' : 'float32';
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** IEEE 754 binary16 -> number (subnormals, infinities and NaN included). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes `count` little-endian elements of `dtype` from `bytes` into `out` (float32 or float64).
 * `bytes` may sit at any alignment: it is copied into a fresh buffer when a typed view is used.
 */
export function decodeInto(op: string, bytes: Uint8Array, dtype: SafetensorsDType, out: TypedArray): void {
  const n = out.length;
  // An explicit copy: Node's Buffer.slice returns a view, and a view's buffer is misaligned.
  const aligned = () => {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return copy.buffer;
  };
  if (!littleEndianHost && DTYPE_BYTES[dtype] > 1) {
    decodeWithDataView(bytes, dtype, out);
    return;
  }
  switch (dtype) {
    case 'F32':
      out.set(new Float32Array(aligned(), 0, n));
      return;
    case 'F64':
      out.set(new Float64Array(aligned(), 0, n));
      return;
    case 'F16': {
      const h = new Uint16Array(aligned(), 0, n);
      for (let i = 0; i < n; i++) out[i] = halfToNumber(h[i]!);
      return;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift it back into place and reinterpret.
      const h = new Uint16Array(aligned(), 0, n);
      const wide = new Uint32Array(n);
      for (let i = 0; i < n; i++) wide[i] = h[i]! << 16;
      out.set(new Float32Array(wide.buffer));
      return;
    }
    case 'BOOL':
    case 'U8':
      out.set(bytes.subarray(0, n));
      return;
    case 'I8':
      out.set(new Int8Array(bytes.buffer, bytes.byteOffset, n));
      return;
    case 'I16':
      out.set(new Int16Array(aligned(), 0, n));
      return;
    case 'U16':
      out.set(new Uint16Array(aligned(), 0, n));
      return;
    case 'I32':
      out.set(new Int32Array(aligned(), 0, n));
      return;
    case 'U32':
      out.set(new Uint32Array(aligned(), 0, n));
      return;
    case 'I64': {
      const v = new BigInt64Array(aligned(), 0, n);
      for (let i = 0; i < n; i++) out[i] = Number(v[i]!);
      return;
    }
    case 'U64': {
      const v = new BigUint64Array(aligned(), 0, n);
      for (let i = 0; i < n; i++) out[i] = Number(v[i]!);
      return;
    }
    default:
      throw new DTypeError(op, `unsupported dtype ${String(dtype)}`);
  }
}

function decodeWithDataView(bytes: Uint8Array, dtype: SafetensorsDType, out: TypedArray): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = DTYPE_BYTES[dtype];
  const read: Record<SafetensorsDType, (o: number) => number> = {
    BOOL: (o) => dv.getUint8(o),
    U8: (o) => dv.getUint8(o),
    I8: (o) => dv.getInt8(o),
    I16: (o) => dv.getInt16(o, true),
    U16: (o) => dv.getUint16(o, true),
    F16: (o) => halfToNumber(dv.getUint16(o, true)),
    BF16: (o) => {
      const scratch = new DataView(new ArrayBuffer(4));
      scratch.setUint32(0, dv.getUint16(o, true) << 16);
      return scratch.getFloat32(0);
    },
    I32: (o) => dv.getInt32(o, true),
    U32: (o) => dv.getUint32(o, true),
    F32: (o) => dv.getFloat32(o, true),
    F64: (o) => dv.getFloat64(o, true),
    I64: (o) => Number(dv.getBigInt64(o, true)),
    U64: (o) => Number(dv.getBigUint64(o, true)),
  };
  const f = read[dtype];
  for (let i = 0; i < out.length; i++) out[i] = f(i * size);
}

/** Encodes a float32/float64 array as little-endian F32/F64 bytes. */
export function encodeFloat(values: TypedArray, dtype: 'F32' | 'F64'): Uint8Array {
  const wanted = dtype === 'F64' ? Float64Array : Float32Array;
  const typed = values instanceof wanted ? values : wanted.from(values);
  if (littleEndianHost) return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  const bytes = new Uint8Array(typed.byteLength);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < typed.length; i++) {
    if (dtype === 'F64') dv.setFloat64(i * 8, typed[i]!, true);
    else dv.setFloat32(i * 4, typed[i]!, true);
  }
  return bytes;
}
