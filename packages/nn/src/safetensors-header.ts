// Reading and checking the header of a safetensors file (huggingface/safetensors, "Format"):
//
//   8 bytes   N, the header length, unsigned 64-bit little-endian
//   N bytes   UTF-8 JSON starting with '{' (may be padded with trailing spaces):
//             { name: { dtype, shape, data_offsets: [begin, end] }, ..., "__metadata__": {str: str} }
//   the rest  the byte buffer; offsets are relative to its start
//
// The checks follow the format's rules: every range has the byte length its dtype and shape
// imply, and the ranges, sorted, tile the whole buffer from 0 to its end (no overlap, no hole,
// nothing out of range). A file that breaks any rule is refused with a message naming the tensor,
// before a single value is read.
import { ValueError } from '@seqmod/tensor';
import { DTYPE_BYTES, isSafetensorsDType, type SafetensorsDType } from './safetensors-dtype';

/** The reference implementation's limit: larger headers are refused as corrupt or hostile. */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** [begin, end) relative to the start of the byte buffer. */
  dataOffsets: [number, number];
}

export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Where the byte buffer starts in the file (8 + N). */
  dataStart: number;
}

const OP = 'loadSafetensors';

function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** The bytes of an ArrayBuffer or any view of one, as a plain Uint8Array. */
export function asBytes(buffer: ArrayBufferLike | ArrayBufferView): Uint8Array {
  // A plain Uint8Array even for a Node Buffer, whose slice/subarray semantics differ.
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // Not instanceof: an ArrayBuffer from another realm (a worker, an iframe) is still one.
  const tag = Object.prototype.toString.call(buffer);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]')
    return new Uint8Array(buffer as ArrayBufferLike);
  throw new ValueError('loadSafetensors', 'expected an ArrayBuffer or a Uint8Array');
}

/** Parses and validates the header of a whole safetensors file (ranges are checked against its data). */
export function readSafetensorsHeader(buffer: ArrayBufferLike | ArrayBufferView): SafetensorsHeader {
  const bytes = asBytes(buffer);
  if (bytes.byteLength < 8) {
    throw new ValueError(
      OP,
      `truncated file: ${bytes.byteLength} bytes, but the header length alone takes 8`,
    );
  }
  const n64 = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) {
    throw new ValueError(
      OP,
      `header length ${n64} exceeds the ${MAX_HEADER_BYTES}-byte limit (corrupt file, or not safetensors)`,
    );
  }
  const n = Number(n64);
  if (8 + n > bytes.byteLength) {
    throw new ValueError(
      OP,
      `truncated file: the header claims ${n} bytes, but only ${bytes.byteLength - 8} follow the length`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    throw new ValueError(OP, 'the header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    throw new ValueError(
      OP,
      `the header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 16))}`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValueError(OP, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ValueError(OP, 'the header must be a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = readMetadata(raw);
      continue;
    }
    entries.push(readEntry(name, raw));
  }
  checkTiling(entries, dataLength);
  return { entries, metadata, dataStart };
}

function readMetadata(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ValueError(OP, '__metadata__ must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string')
      throw new ValueError(OP, `__metadata__ values must be strings; "${k}" is ${JSON.stringify(v)}`);
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function readEntry(name: string, raw: unknown): SafetensorsEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ValueError(OP, `tensor "${name}": entry must be an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (!isSafetensorsDType(dtype)) {
    throw new ValueError(
      OP,
      `tensor "${name}": unsupported or missing dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(DTYPE_BYTES).join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInt)) {
    throw new ValueError(
      OP,
      `tensor "${name}": shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInt)) {
    throw new ValueError(
      OP,
      `tensor "${name}": data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin)
    throw new ValueError(OP, `tensor "${name}": data_offsets [${begin}, ${end}] end before they begin`);
  const count = shape.reduce((a: number, b: number) => a * b, 1);
  const expected = count * DTYPE_BYTES[dtype];
  if (!Number.isSafeInteger(expected) || end - begin !== expected) {
    throw new ValueError(
      OP,
      `tensor "${name}": ${dtype} of shape [${shape.join(', ')}] needs ${expected} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype, shape: [...shape], dataOffsets: [begin, end] };
}

/** The ranges must cover [0, dataLength) exactly once. */
function checkTiling(entries: SafetensorsEntry[], dataLength: number): void {
  const sorted = [...entries].sort(
    (a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1],
  );
  let at = 0;
  let prev = '';
  for (const e of sorted) {
    const [begin, end] = e.dataOffsets;
    if (begin < at)
      throw new ValueError(
        OP,
        `tensor "${e.name}" at [${begin}, ${end}) overlaps "${prev}", which ends at ${at}`,
      );
    if (begin > at)
      throw new ValueError(
        OP,
        `bytes [${at}, ${begin}) before tensor "${e.name}" belong to no tensor (the buffer must be fully indexed)`,
      );
    if (end > dataLength) {
      throw new ValueError(
        OP,
        `truncated file: tensor "${e.name}" ends at byte ${end} of the buffer, which has ${dataLength}`,
      );
    }
    at = end;
    prev = e.name;
  }
  if (at !== dataLength)
    throw new ValueError(OP, `the buffer has ${dataLength - at} trailing bytes after the last tensor`);
}
