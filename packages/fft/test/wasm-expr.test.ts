import { wasmEncoder } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { F64, FunctionBuilder, I32 } from '../src/wasm-expr';

/** Compiles one function built by `make` in a module with a one-page memory. */
function compile(make: () => wasmEncoder.FunctionDef): { f: (...a: number[]) => void; f64: Float64Array } {
  const bytes = wasmEncoder.encodeModule({ memory: { initialPages: 1, export: 'mem' }, functions: [make()] });
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  return {
    f: exports['f'] as (...a: number[]) => void,
    f64: new Float64Array((exports['mem'] as WebAssembly.Memory).buffer),
  };
}

describe('FunctionBuilder (wasm expression layer)', () => {
  it('complex products, splats and constants on f64x2 lanes', () => {
    // out = a·w·k with a, w complex vectors (two lanes) and k an f64 parameter; out at byte 128
    const { f, f64 } = compile(() => {
      const b = new FunctionBuilder([I32, F64]);
      const at = b.get(0);
      const a = b.bindCx({ r: b.load(at, 0), i: b.load(at, 16) });
      const w = b.bindCx({ r: b.load(at, 32), i: b.load(at, 48) });
      const k = b.bind(b.mul(b.splatF64(1), b.constF64x2(1)));
      const y = b.bindCx(b.cscale(b.cmul(a, w), k));
      b.store(at, y.r, 128);
      b.store(at, y.i, 144);
      return b.build('f');
    });
    f64.set([1, 2, 3, 4, 5, 6, 7, -8]); // a = (1 + 3i, 2 + 4i), w = (5 + 7i, 6 - 8i)
    f(0, 0.5);
    // (1 + 3i)(5 + 7i) = -16 + 22i; (2 + 4i)(6 - 8i) = 44 + 8i; halved
    expect([...f64.subarray(16, 20)]).toEqual([-8, 22, 11, 4]);
  });

  it('pick chooses lanes of two vectors; repeat runs a body count times', () => {
    // for c = count..1: out[i] = (x_hi, y_lo) of the vectors at in[i]; i32 add/mul/shift for addresses
    const { f, f64 } = compile(() => {
      const b = new FunctionBuilder([I32, I32]);
      const [src, count] = [0, 1];
      const dst = b.int(b.iadd(b.get(src), b.imul(b.const(64), b.ishr(b.const(8), 1)))); // src + 256
      b.repeat(b.get(count), () => {
        const x = b.bind(b.load(b.get(src)));
        const y = b.bind(b.load(b.get(src), 16));
        b.store(b.get(dst), b.pick(x, y, 1, 2));
        b.advance(src, b.const(32));
        b.advance(dst, b.const(16));
      });
      return b.build('f');
    });
    f64.set([1, 2, 3, 4, 5, 6, 7, 8]);
    f(0, 2);
    expect([...f64.subarray(32, 36)]).toEqual([2, 3, 6, 7]);
  });

  it('add and sub of vectors', () => {
    const { f, f64 } = compile(() => {
      const b = new FunctionBuilder([I32]);
      const x = b.bind(b.load(b.get(0)));
      const y = b.bind(b.load(b.get(0), 16));
      b.store(b.get(0), b.add(x, y), 32);
      b.store(b.get(0), b.sub(x, y), 48);
      return b.build('f');
    });
    f64.set([1, 2, 10, 20]);
    f(0);
    expect([...f64.subarray(4, 8)]).toEqual([11, 22, -9, -18]);
  });
});
