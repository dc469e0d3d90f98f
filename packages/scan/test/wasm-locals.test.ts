// Arguments blocks: a generated function reads the fields the driver wrote, by name.
import { wasmEncoder } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Locals, loadArgs, writeArgs } from '../src/wasm-locals';

const { CodeWriter, Op, ValType } = wasmEncoder;

describe('arguments blocks', () => {
  it('round-trip named fields through linear memory', () => {
    const fields = ['a', 'b', 'c'] as const;
    const w = new CodeWriter();
    const locals = new Locals(1);
    const f = loadArgs(w, locals, 0, fields);
    // returns a − 2b + 3c
    w.get(f.a).get(f.b).i32(2).op(Op.i32Mul).op(Op.i32Sub).get(f.c).i32(3).op(Op.i32Mul).op(Op.i32Add);
    const bytes = wasmEncoder.encodeModule({
      memory: { initialPages: 1, export: 'mem' },
      functions: [
        { params: [ValType.i32], results: [ValType.i32], locals: locals.types, body: w.bytes, export: 'f' },
      ],
    });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const mem = new Int32Array((ex.mem as WebAssembly.Memory).buffer);
    writeArgs(mem, 64, fields, { a: 100, b: 7, c: 5 });
    expect((ex.f as (p: number) => number)(64)).toBe(100 - 14 + 15);
    expect(locals.types.length).toBe(3);
  });

  it('refuses a value that is not an unsigned 32-bit integer', () => {
    const mem = new Int32Array(8);
    expect(() => writeArgs(mem, 0, ['x'] as const, { x: -1 })).toThrow(/x must be/);
    expect(() => writeArgs(mem, 0, ['x'] as const, { x: 1.5 })).toThrow(RangeError);
    writeArgs(mem, 0, ['x'] as const, { x: 2 ** 32 - 1 });
    expect(mem[0]).toBe(-1);
  });
});
