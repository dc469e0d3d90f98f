// A tiny WebAssembly binary encoder: just enough of the format (types, one memory, defined or
// imported, functions, exports, code) to emit our compute kernels at runtime. Emitting bytes from TypeScript means no
// build step and no opaque binary blob in the repository; the generator that uses this encoder is
// the readable source of the kernel.
//
// Reference: WebAssembly Core Specification, chapter 5 "Binary Format", and the fixed-width SIMD
// proposal (merged into the spec as of 2.0) for the 0xFD-prefixed opcodes.

/** Value types (spec 5.3.1). */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Single-byte opcodes we use (spec 5.4). */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Store: 0x36,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  f32Add: 0x92,
  f32Mul: 0x94,
  f64Add: 0xa0,
  f64Mul: 0xa2,
} as const;

/** Block type "no result" (spec 5.4.1). */
export const BLOCK_VOID = 0x40;

/** SIMD opcodes, each written after the 0xFD prefix as an unsigned LEB128 (SIMD proposal). */
export const SimdOp = {
  v128Load: 0x00,
  /** i8x16.shuffle: two vectors in, sixteen lane-index immediates (0-31) follow the opcode */
  i8x16Shuffle: 0x0d,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  f32x4Lt: 0x43,
  v128AndNot: 0x4f,
  v128Or: 0x50,
  v128Xor: 0x51,
  v128Bitselect: 0x52,
  i32x4Shl: 0xab,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  /** pseudo-minimum: pmin(a, b) = b < a ? b : a (one minps on x64; a NaN in `a` passes through) */
  f32x4Pmin: 0xea,
  /** pseudo-maximum: pmax(a, b) = a < b ? b : a */
  f32x4Pmax: 0xeb,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
} as const;

const SIMD_PREFIX = 0xfd;

/** Unsigned LEB128 of a non-negative 32-bit integer. */
export function uleb128(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`uleb128: expected an integer in [0, 2^32), got ${value}`);
  }
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const immediates). */
export function sleb128(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
    throw new RangeError(`sleb128: expected a 32-bit signed integer, got ${value}`);
  }
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    // Done once the remaining bits are pure sign extension of the byte's top bit.
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** UTF-8 name with its length prefix. */
function encodeName(name: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(name));
  return [...uleb128(bytes.length), ...bytes];
}

/** A vector: element count, then the concatenated elements. */
function encodeVector(items: number[][]): number[] {
  return [...uleb128(items.length), ...items.flat()];
}

function encodeSection(id: number, payload: number[]): number[] {
  return [id, ...uleb128(payload.length), ...payload];
}

/**
 * Builds one function body. Methods append instructions and return `this`, so a kernel reads
 * as a flat sequence of stack-machine instructions.
 */
export class CodeWriter {
  readonly bytes: number[] = [];

  op(...opcodes: number[]): this {
    this.bytes.push(...opcodes);
    return this;
  }
  get(local: number): this {
    return this.op(Op.localGet, ...uleb128(local));
  }
  set(local: number): this {
    return this.op(Op.localSet, ...uleb128(local));
  }
  tee(local: number): this {
    return this.op(Op.localTee, ...uleb128(local));
  }
  i32(value: number): this {
    return this.op(Op.i32Const, ...sleb128(value));
  }
  call(func: number): this {
    return this.op(Op.call, ...uleb128(func));
  }
  /** Structured control: `block`, `loop` and `if` with no result value. */
  block(): this {
    return this.op(Op.block, BLOCK_VOID);
  }
  loop(): this {
    return this.op(Op.loop, BLOCK_VOID);
  }
  if(): this {
    return this.op(Op.if, BLOCK_VOID);
  }
  else(): this {
    return this.op(Op.else);
  }
  end(): this {
    return this.op(Op.end);
  }
  br(depth: number): this {
    return this.op(Op.br, ...uleb128(depth));
  }
  brIf(depth: number): this {
    return this.op(Op.brIf, ...uleb128(depth));
  }
  /** A scalar memory access: opcode, log2 alignment, constant byte offset. */
  mem(opcode: number, alignLog2: number, offset = 0): this {
    return this.op(opcode, ...uleb128(alignLog2), ...uleb128(offset));
  }
  /** A SIMD instruction without immediates (arithmetic, splat). */
  simd(opcode: number): this {
    return this.op(SIMD_PREFIX, ...uleb128(opcode));
  }
  /** A SIMD memory access: the memarg (alignment, offset) follows the opcode. */
  simdMem(opcode: number, alignLog2: number, offset = 0): this {
    return this.op(SIMD_PREFIX, ...uleb128(opcode), ...uleb128(alignLog2), ...uleb128(offset));
  }
  /** v128.const with all sixteen bytes zero. */
  v128Zero(): this {
    return this.op(SIMD_PREFIX, ...uleb128(SimdOp.v128Const), ...new Array<number>(16).fill(0));
  }
  /** v128.const of sixteen bytes, little-endian lane order (lane 0 first). */
  v128Const(bytes: readonly number[]): this {
    if (bytes.length !== 16 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) {
      throw new RangeError('v128Const: expected sixteen byte values');
    }
    return this.op(SIMD_PREFIX, ...uleb128(SimdOp.v128Const), ...bytes);
  }
}

export interface FunctionDef {
  params: readonly ValType[];
  results: readonly ValType[];
  /** Locals beyond the parameters; they are numbered after the parameters. */
  locals: readonly ValType[];
  /** The instructions, without the final `end` (the encoder appends it). */
  body: readonly number[];
  /** Export name, if JS calls this function. */
  export?: string;
}

/** A memory the module imports: `imports[module][name]` at instantiation; sizes in 64 KiB pages. */
export interface MemoryImport {
  module: string;
  name: string;
  initialPages: number;
  maximumPages?: number;
}

export interface ModuleDef {
  /** One linear memory, defined by the module and optionally exported; sizes in 64 KiB pages. */
  memory?: { initialPages: number; maximumPages?: number; export?: string };
  /**
   * Or one imported linear memory (memory index 0, as a defined one would be): lets several
   * modules, each small enough to compile synchronously, work on the same data.
   */
  importMemory?: MemoryImport;
  functions: readonly FunctionDef[];
}

const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;
/** Export and import descriptor kinds (spec 5.5.5, 5.5.10). */
const EXPORT_KIND = { func: 0x00, memory: 0x02 } as const;

/** Memory limits (spec 5.3.8): flag 0 = minimum only, 1 = minimum and maximum. */
function encodeLimits(initialPages: number, maximumPages?: number): number[] {
  return maximumPages === undefined
    ? [0x00, ...uleb128(initialPages)]
    : [0x01, ...uleb128(initialPages), ...uleb128(maximumPages)];
}
const FUNC_TYPE = 0x60;

/** Locals as run-length groups of equal type, as the code section stores them. */
function encodeLocals(locals: readonly ValType[]): number[] {
  const groups: number[][] = [];
  let i = 0;
  while (i < locals.length) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push([...uleb128(j - i), locals[i]!]);
    i = j;
  }
  return encodeVector(groups);
}

/** Encodes a complete module (magic, version, sections in their required order). */
export function encodeModule(def: ModuleDef): Uint8Array<ArrayBuffer> {
  // Deduplicate signatures so functions of the same shape share one type index.
  const typeKeys: string[] = [];
  const types: number[][] = [];
  const typeOf = def.functions.map((f) => {
    const key = `${f.params.join(',')}>${f.results.join(',')}`;
    let index = typeKeys.indexOf(key);
    if (index < 0) {
      index = typeKeys.length;
      typeKeys.push(key);
      types.push([
        FUNC_TYPE,
        ...encodeVector(f.params.map((t) => [t])),
        ...encodeVector(f.results.map((t) => [t])),
      ]);
    }
    return index;
  });

  const exports: number[][] = [];
  def.functions.forEach((f, i) => {
    if (f.export !== undefined) exports.push([...encodeName(f.export), EXPORT_KIND.func, ...uleb128(i)]);
  });

  if (def.memory !== undefined && def.importMemory !== undefined) {
    // a module has at most one memory (without the multi-memory proposal)
    throw new RangeError('encodeModule: a module either defines or imports its memory, not both');
  }
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...encodeSection(SECTION.type, encodeVector(types)));
  if (def.importMemory !== undefined) {
    const { module, name, initialPages, maximumPages } = def.importMemory;
    const entry = [
      ...encodeName(module),
      ...encodeName(name),
      EXPORT_KIND.memory,
      ...encodeLimits(initialPages, maximumPages),
    ];
    out.push(...encodeSection(SECTION.import, encodeVector([entry])));
  }
  out.push(...encodeSection(SECTION.function, encodeVector(typeOf.map((t) => uleb128(t)))));
  if (def.memory !== undefined) {
    const { initialPages, maximumPages, export: name } = def.memory;
    out.push(...encodeSection(SECTION.memory, encodeVector([encodeLimits(initialPages, maximumPages)])));
    if (name !== undefined) exports.push([...encodeName(name), EXPORT_KIND.memory, 0x00]);
  }
  out.push(...encodeSection(SECTION.export, encodeVector(exports)));
  const bodies = def.functions.map((f) => {
    const body = [...encodeLocals(f.locals), ...f.body, Op.end];
    return [...uleb128(body.length), ...body];
  });
  out.push(...encodeSection(SECTION.code, encodeVector(bodies)));
  return Uint8Array.from(out);
}
