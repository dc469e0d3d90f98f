// Numbering of a generated wasm function's locals, and its arguments block.
//
// The scan kernels take one i32 parameter, the address of an arguments block in linear memory
// (one i32 per named field, written by the JS driver), instead of a signature of thirty
// parameters: the generator and the driver then share one list of field names, and a field is
// added in one place.
import { wasmEncoder } from '@seqmod/tensor';

const { Op, ValType } = wasmEncoder;
type ValType = wasmEncoder.ValType;
type CodeWriter = wasmEncoder.CodeWriter;

/** Locals of one function, numbered after its parameters. */
export class Locals {
  readonly types: ValType[] = [];
  private readonly params: number;

  constructor(params: number) {
    this.params = params;
  }

  private add(t: ValType): number {
    this.types.push(t);
    return this.params + this.types.length - 1;
  }

  i32(): number {
    return this.add(ValType.i32);
  }

  v128(): number {
    return this.add(ValType.v128);
  }
}

/** Byte offset of field `i` in an arguments block. */
export function argOffset(i: number): number {
  return 4 * i;
}

/**
 * Emits `local = args[field]` for every field (args: the local holding the block's address) and
 * returns the local of each field by name.
 */
export function loadArgs<F extends string>(
  w: CodeWriter,
  locals: Locals,
  args: number,
  fields: readonly F[],
): Record<F, number> {
  const out = {} as Record<F, number>;
  fields.forEach((f, i) => {
    const l = locals.i32();
    w.get(args).mem(Op.i32Load, 2, argOffset(i)).set(l);
    out[f] = l;
  });
  return out;
}

/** Writes an arguments block at byte address `at` of `mem` (fields in the generator's order). */
export function writeArgs<F extends string>(
  mem: Int32Array,
  at: number,
  fields: readonly F[],
  values: Record<F, number>,
): void {
  const base = at >> 2;
  fields.forEach((f, i) => {
    const v = values[f];
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(`wasm kernel argument ${f} must be an unsigned 32-bit integer, got ${v}`);
    }
    mem[base + i] = v | 0;
  });
}
