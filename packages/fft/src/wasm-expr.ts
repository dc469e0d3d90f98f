// A small expression layer over @seqmod/tensor's wasm encoder, for the FFT kernel generators.
//
// A `Val` is code that pushes one value on the wasm operand stack; composing Vals builds an
// expression tree that the stack machine evaluates without naming intermediate results. `bind`
// evaluates a Val once into a new local, for values read more than once (every butterfly input
// and every twiddle). Writing kernels this way keeps the module small (a local.set/local.get pair
// costs four bytes per intermediate, and the module must stay under the 4 KB that browsers compile
// synchronously) and lets each kernel read like the formulas it implements.
//
// Vectors are f64x2: two doubles, the same quantity for two neighbouring butterflies (the data
// lives in split real/imaginary arrays in linear memory, so no lane ever holds an imaginary part
// next to a real one and a complex product needs no shuffles).
import { wasmEncoder } from '@seqmod/tensor';

const { CodeWriter, Op, SimdOp, ValType } = wasmEncoder;
type ValType = wasmEncoder.ValType;

/** Code that pushes one value. */
export type Val = () => void;

/** A complex value held as two f64x2 vectors: real parts, imaginary parts. */
export interface Cx {
  r: Val;
  i: Val;
}

/** Alignment hint (log2 bytes) of every access: 8 bytes. Engines do not rely on it; see firstPass. */
const ALIGN = 3;

/** Builds one function: its locals, its body, and the arithmetic used by the kernels. */
export class FunctionBuilder {
  readonly w = new CodeWriter();
  private readonly extra: ValType[] = [];

  constructor(private readonly params: readonly ValType[]) {}

  /** A new local of type t; returns its index. */
  local(t: ValType): number {
    this.extra.push(t);
    return this.params.length + this.extra.length - 1;
  }

  /** Reads local (or parameter) i. */
  get(i: number): Val {
    return () => this.w.get(i);
  }

  /** local = v. */
  set(i: number, v: Val): void {
    v();
    this.w.set(i);
  }

  /** Evaluates v once into a new local of type t and returns a reader of it. */
  bind(v: Val, t: ValType = ValType.v128): Val {
    const i = this.local(t);
    this.set(i, v);
    return this.get(i);
  }

  bindCx(c: Cx): Cx {
    return { r: this.bind(c.r), i: this.bind(c.i) };
  }

  /** A new i32 local holding v. */
  int(v: Val): number {
    const i = this.local(ValType.i32);
    this.set(i, v);
    return i;
  }

  const(k: number): Val {
    return () => this.w.i32(k);
  }

  /** The vector (x, x). */
  constF64x2(x: number): Val {
    const bytes = Array.from(new Uint8Array(new Float64Array([x, x]).buffer));
    return () => this.w.v128Const(bytes);
  }

  private binary(a: Val, b: Val, emit: () => void): Val {
    return () => {
      a();
      b();
      emit();
    };
  }

  /** i32 arithmetic. */
  iadd(a: Val, b: Val): Val {
    return this.binary(a, b, () => this.w.op(Op.i32Add));
  }
  imul(a: Val, b: Val): Val {
    return this.binary(a, b, () => this.w.op(Op.i32Mul));
  }
  /** a >>> k for a constant k. */
  ishr(a: Val, k: number): Val {
    return () => {
      a();
      this.w.i32(k).op(Op.i32ShrU);
    };
  }

  /** f64x2 arithmetic. */
  add(a: Val, b: Val): Val {
    return this.binary(a, b, () => this.w.simd(SimdOp.f64x2Add));
  }
  sub(a: Val, b: Val): Val {
    return this.binary(a, b, () => this.w.simd(SimdOp.f64x2Sub));
  }
  mul(a: Val, b: Val): Val {
    return this.binary(a, b, () => this.w.simd(SimdOp.f64x2Mul));
  }

  /** Complex arithmetic on pairs of vectors. */
  cadd(a: Cx, b: Cx): Cx {
    return { r: this.add(a.r, b.r), i: this.add(a.i, b.i) };
  }
  csub(a: Cx, b: Cx): Cx {
    return { r: this.sub(a.r, b.r), i: this.sub(a.i, b.i) };
  }
  /** a·w; both operands must be bound (each part is read twice). */
  cmul(a: Cx, w: Cx): Cx {
    return {
      r: this.sub(this.mul(a.r, w.r), this.mul(a.i, w.i)),
      i: this.add(this.mul(a.r, w.i), this.mul(a.i, w.r)),
    };
  }
  /** a·s for a real vector s (bound). */
  cscale(a: Cx, s: Val): Cx {
    return { r: this.mul(a.r, s), i: this.mul(a.i, s) };
  }

  /** The vector at byte address addr + offset. */
  load(addr: Val, offset = 0): Val {
    return () => {
      addr();
      this.w.simdMem(SimdOp.v128Load, ALIGN, offset);
    };
  }

  /** One double at addr + offset in both lanes. */
  splat(addr: Val, offset = 0): Val {
    return () => {
      addr();
      this.w.simdMem(SimdOp.v128Load64Splat, ALIGN, offset);
    };
  }

  store(addr: Val, v: Val, offset = 0): void {
    addr();
    v();
    this.w.simdMem(SimdOp.v128Store, ALIGN, offset);
  }

  /** The f64 parameter or local i in both lanes. */
  splatF64(i: number): Val {
    return () => {
      this.w.get(i);
      this.w.simd(SimdOp.f64x2Splat);
    };
  }

  /**
   * Picks two doubles out of a and b: lanes 0, 1 are a's, 2, 3 are b's (i8x16.shuffle with the
   * byte indices of the two chosen doubles).
   */
  pick(a: Val, b: Val, lo: number, hi: number): Val {
    return () => {
      a();
      b();
      this.w.simd(SimdOp.i8x16Shuffle);
      for (const lane of [lo, hi]) for (let k = 0; k < 8; k++) this.w.op(8 * lane + k);
    };
  }

  /** `local += k` (i32). */
  advance(i: number, k: Val): void {
    this.set(i, this.iadd(this.get(i), k));
  }

  /**
   * `counter = count; do { body } while (--counter)`: count must be at least 1 (every trip count
   * of the kernels is a positive size).
   */
  repeat(count: Val, body: () => void): void {
    const counter = this.int(count);
    this.w.loop();
    body();
    this.w.get(counter).i32(1).op(Op.i32Sub).tee(counter).brIf(0);
    this.w.end();
  }

  /** The finished function, exported as `name`. */
  build(name: string): wasmEncoder.FunctionDef {
    return { params: this.params, results: [], locals: this.extra, body: this.w.bytes, export: name };
  }
}

export const I32 = ValType.i32;
export const F64 = ValType.f64;
