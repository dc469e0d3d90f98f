// The loop shorthands of the generators: counted loops and unrolled loops run their bodies the
// right number of times (zero included for the unrolled parts), checked in a tiny wasm function.
import { wasmEncoder } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { countedLoop, decr, incr, unrolledLoop } from '../src/wasm-emit';
import { Locals } from '../src/wasm-locals';

const { CodeWriter, ValType } = wasmEncoder;

/** f(n) = Σ over the body runs of 10·u + 1 (u = items the run covers), and the run count. */
function build(unroll: number) {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const [ctr, acc] = [locals.i32(), locals.i32()];
  unrolledLoop(
    w,
    ctr,
    () => w.get(0),
    unroll,
    (u) => incr(w, acc, 10 * u + 1),
  );
  w.get(acc);
  const bytes = wasmEncoder.encodeModule({
    functions: [
      { params: [ValType.i32], results: [ValType.i32], locals: locals.types, body: w.bytes, export: 'f' },
    ],
  });
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as (n: number) => number;
}

describe('loop emitters', () => {
  it('unrolledLoop covers n items in runs of u then 1', () => {
    for (const u of [1, 2, 4]) {
      const f = build(u);
      for (let n = 0; n <= 11; n++) {
        const runs = Math.floor(n / u) + (u > 1 ? n % u : 0);
        expect(f(n), `u=${u} n=${n}`).toBe(10 * n + runs);
      }
    }
  });

  it('countedLoop runs its body count times; incr/decr add and subtract', () => {
    const w = new CodeWriter();
    const locals = new Locals(1);
    const [ctr, acc] = [locals.i32(), locals.i32()];
    countedLoop(
      w,
      ctr,
      () => w.get(0),
      () => {
        incr(w, acc, 7);
        decr(w, acc, { local: 0 });
      },
    );
    w.get(acc);
    const bytes = wasmEncoder.encodeModule({
      functions: [
        { params: [ValType.i32], results: [ValType.i32], locals: locals.types, body: w.bytes, export: 'f' },
      ],
    });
    const f = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f as (n: number) => number;
    expect(f(1)).toBe(6);
    expect(f(5)).toBe(5 * (7 - 5));
  });
});
