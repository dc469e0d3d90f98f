import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CodeWriter,
  encodeModule,
  Op,
  SimdOp,
  sleb128,
  uleb128,
  ValType,
} from '../../src/kernels/wasm-encoder';

/** Reference decoders, written from the LEB128 definition independently of the encoder. */
function decodeUnsigned(bytes: number[]): number {
  let value = 0;
  bytes.forEach((b, i) => {
    value += (b & 0x7f) * 2 ** (7 * i);
  });
  return value;
}
function decodeSigned(bytes: number[]): number {
  const unsigned = decodeUnsigned(bytes);
  const bits = 7 * bytes.length;
  return (bytes[bytes.length - 1]! & 0x40) !== 0 ? unsigned - 2 ** bits : unsigned;
}
/** Every byte but the last has the continuation bit; the last does not. */
const wellFormed = (bytes: number[]) =>
  bytes.every((b, i) => (b & 0x80) === (i < bytes.length - 1 ? 0x80 : 0) && b <= 0xff);

describe('LEB128', () => {
  it('encodes the specification examples', () => {
    expect(uleb128(0)).toEqual([0x00]);
    expect(uleb128(127)).toEqual([0x7f]);
    expect(uleb128(128)).toEqual([0x80, 0x01]);
    expect(uleb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb128(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb128(0)).toEqual([0x00]);
    expect(sleb128(63)).toEqual([0x3f]);
    expect(sleb128(64)).toEqual([0xc0, 0x00]);
    expect(sleb128(-64)).toEqual([0x40]);
    expect(sleb128(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb128(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('round-trips every 32-bit value in the fewest bytes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (x) => {
        const bytes = uleb128(x);
        return (
          wellFormed(bytes) &&
          decodeUnsigned(bytes) === x &&
          bytes.length === Math.max(1, Math.ceil(Math.log2(x + 1) / 7))
        );
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (x) => {
        const bytes = sleb128(x);
        // Fewest bytes: dropping the last byte must not still represent x.
        const shorter = bytes.length === 1 || decodeSigned(bytes.slice(0, -1)) !== x;
        return wellFormed(bytes) && decodeSigned(bytes) === x && shorter;
      }),
    );
  });

  it('rejects values outside 32 bits or not integers', () => {
    expect(() => uleb128(-1)).toThrow(RangeError);
    expect(() => uleb128(2 ** 32)).toThrow(RangeError);
    expect(() => uleb128(1.5)).toThrow(RangeError);
    expect(() => sleb128(2 ** 31)).toThrow(RangeError);
  });
});

describe('encodeModule', () => {
  it('emits the header and a runnable scalar function', () => {
    const body = new CodeWriter().get(0).get(1).op(Op.i32Add).i32(-3).op(Op.i32Mul).bytes;
    const bytes = encodeModule({
      functions: [
        { params: [ValType.i32, ValType.i32], results: [ValType.i32], locals: [], body, export: 'f' },
      ],
    });
    expect(Array.from(bytes.slice(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const f = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports['f'] as (
      a: number,
      b: number,
    ) => number;
    expect(f(2, 5)).toBe(-21);
    expect(f(-10, 4)).toBe(18);
  });

  it('runs loops, calls between functions, locals and an exported memory', () => {
    // sum(n) = Σ_{i<n} square(i), with square a second, unexported function.
    const square = {
      params: [ValType.i32],
      results: [ValType.i32],
      locals: [],
      body: new CodeWriter().get(0).get(0).op(Op.i32Mul).bytes,
    };
    const w = new CodeWriter();
    const [N, I, ACC] = [0, 1, 2];
    w.block().get(N).op(Op.i32Eqz).brIf(0);
    w.loop().get(ACC).get(I).call(0).op(Op.i32Add).set(ACC);
    w.get(I).i32(1).op(Op.i32Add).tee(I).get(N).op(Op.i32LtS).brIf(0).end();
    w.end();
    w.i32(8).get(ACC).mem(Op.i32Store, 2).get(ACC);
    const bytes = encodeModule({
      memory: { initialPages: 1, maximumPages: 2, export: 'mem' },
      functions: [
        square,
        {
          params: [ValType.i32],
          results: [ValType.i32],
          locals: [ValType.i32, ValType.i32],
          body: w.bytes,
          export: 'sum',
        },
      ],
    });
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const sum = exports['sum'] as (n: number) => number;
    expect(sum(0)).toBe(0);
    expect(sum(5)).toBe(0 + 1 + 4 + 9 + 16);
    const mem = exports['mem'] as WebAssembly.Memory;
    expect(new Int32Array(mem.buffer)[2]).toBe(30);
    expect(mem.buffer.byteLength).toBe(65536);
    expect(() => mem.grow(2)).toThrow(); // maximum of 2 pages was encoded
  });

  it('encodes SIMD instructions (0xFD prefix): a splat, a multiply and an add of f32x4', () => {
    // out[0..4] = x[0..4] * splat(s) + zero, in memory.
    const w = new CodeWriter();
    w.i32(16)
      .get(0)
      .simdMem(SimdOp.v128Load, 4)
      .i32(32)
      .simdMem(SimdOp.v128Load32Splat, 2)
      .simd(SimdOp.f32x4Mul);
    w.v128Zero().simd(SimdOp.f32x4Add).simdMem(SimdOp.v128Store, 4);
    const bytes = encodeModule({
      memory: { initialPages: 1, export: 'mem' },
      functions: [
        { params: [ValType.i32], results: [], locals: [ValType.v128], body: w.bytes, export: 'scale' },
      ],
    });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const f32 = new Float32Array((exports['mem'] as WebAssembly.Memory).buffer);
    f32.set([1, 2, 3, -4], 0);
    f32[8] = 2.5;
    (exports['scale'] as (at: number) => void)(0);
    expect(Array.from(f32.slice(4, 8))).toEqual([2.5, 5, 7.5, -10]);
  });

  it('encodes f64x2 subtraction and i8x16.shuffle with its sixteen lane immediates', () => {
    // at 32: (a - b) with a, b the f64x2 at 0 and 16; at 48: shuffle(a, b) taking a's lane 1, b's lane 0
    const w = new CodeWriter();
    const load = (at: number) => w.i32(at).simdMem(SimdOp.v128Load, 3);
    w.i32(32);
    load(0);
    load(16);
    w.simd(SimdOp.f64x2Sub).simdMem(SimdOp.v128Store, 3);
    w.i32(48);
    load(0);
    load(16);
    w.simd(SimdOp.i8x16Shuffle);
    for (const lane of [1, 2]) for (let k = 0; k < 8; k++) w.op(8 * lane + k);
    w.simdMem(SimdOp.v128Store, 3);
    const bytes = encodeModule({
      memory: { initialPages: 1, export: 'mem' },
      functions: [{ params: [], results: [], locals: [], body: w.bytes, export: 'f' }],
    });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const f64 = new Float64Array((exports['mem'] as WebAssembly.Memory).buffer);
    f64.set([1.5, -2, 0.25, 8]);
    (exports['f'] as () => void)();
    expect(Array.from(f64.slice(4, 8))).toEqual([1.25, -10, -2, 0.25]);
  });

  it('shares one type between functions of the same signature', () => {
    const fn = {
      params: [ValType.f64],
      results: [ValType.f64],
      locals: [],
      body: new CodeWriter().get(0).bytes,
    };
    const one = encodeModule({ functions: [fn] });
    const two = encodeModule({ functions: [fn, fn] });
    // The second function adds one function-section entry and one body, but no type.
    const typeSection = (bytes: Uint8Array) => Array.from(bytes.slice(8, 8 + 2 + bytes[9]!));
    expect(typeSection(two)).toEqual(typeSection(one));
  });

  it('writes an import section for a memory that a second module shares', () => {
    // writer: stores its argument at address 16 of its own, exported memory; reader: an
    // importing module that loads address 16 of the memory it is given
    const owner = encodeModule({
      memory: { initialPages: 1, export: 'mem' },
      functions: [
        {
          params: [ValType.i32],
          results: [],
          locals: [],
          body: new CodeWriter().i32(16).get(0).mem(Op.i32Store, 2).bytes,
          export: 'put',
        },
      ],
    });
    const reader = encodeModule({
      importMemory: { module: 'env', name: 'mem', initialPages: 1 },
      functions: [
        {
          params: [],
          results: [ValType.i32],
          locals: [],
          body: new CodeWriter().i32(16).mem(0x28, 2).bytes,
          export: 'get',
        },
      ],
    });
    // Section 2 comes right after the type section: one entry, "env" "mem", kind 2, limits (0, 1)
    const typeEnd = 8 + 2 + reader[9]!;
    const name = (s: string) => [s.length, ...Array.from(new TextEncoder().encode(s))];
    const entry = [...name('env'), ...name('mem'), 0x02, 0x00, 0x01];
    expect(Array.from(reader.slice(typeEnd, typeEnd + 3 + entry.length))).toEqual([
      0x02,
      entry.length + 1,
      0x01,
      ...entry,
    ]);
    const a = new WebAssembly.Instance(new WebAssembly.Module(owner)).exports;
    const mem = a['mem'] as WebAssembly.Memory;
    const b = new WebAssembly.Instance(new WebAssembly.Module(reader), { env: { mem } }).exports;
    (a['put'] as (v: number) => void)(-12345);
    expect((b['get'] as () => number)()).toBe(-12345);
    // both see growth of the shared memory
    mem.grow(1);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    // an import with a maximum encodes flag 1 and both limits
    const capped = encodeModule({
      importMemory: { module: 'e', name: 'm', initialPages: 2, maximumPages: 300 },
      functions: [],
    });
    const at = 8 + 2 + capped[9]!;
    expect(Array.from(capped.slice(at, at + 12))).toEqual([
      0x02, 10, 1, 1, 0x65, 1, 0x6d, 0x02, 0x01, 2, 0xac, 0x02,
    ]);
    expect(WebAssembly.validate(capped)).toBe(true);
    // a module has one memory: defining and importing one is refused
    expect(() =>
      encodeModule({
        memory: { initialPages: 1 },
        importMemory: { module: 'env', name: 'mem', initialPages: 1 },
        functions: [],
      }),
    ).toThrow(RangeError);
  });
});
