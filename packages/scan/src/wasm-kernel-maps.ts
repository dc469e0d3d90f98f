// Element-wise maps over f32x4 arrays in linear memory: exp and softplus exactly as the scan
// kernels inline them (wasm-simd-math.ts). Not part of the scan module: tests build a module of
// these to measure the emitters' error against float64 apart from the scans.
//   vexp(args)       dst[i] = exp(src[i])       for i < 4·n
//   vsoftplus(args)  dst[i] = softplus(src[i])  for i < 4·n
import { wasmEncoder } from '@seqmod/tensor';
import { countedLoop, incr, V_LOAD, V_STORE } from './wasm-emit';
import { Locals, loadArgs } from './wasm-locals';
import { declareMath, emitExps, emitSoftpluses } from './wasm-simd-math';

const { CodeWriter, ValType } = wasmEncoder;
type FunctionDef = wasmEncoder.FunctionDef;

/** n: vectors (four floats each); src, dst: byte addresses. */
export const MAP_ARGS = ['src', 'dst', 'n'] as const;

export function mapKernel(name: string, f: 'exp' | 'softplus'): FunctionDef {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const a = loadArgs(w, locals, 0, MAP_ARGS);
  const { c, t } = declareMath(w, locals);
  const [i, x, y] = [locals.i32(), locals.v128(), locals.v128()];
  countedLoop(
    w,
    i,
    () => w.get(a.n),
    () => {
      w.get(a.src)
        .simdMem(...V_LOAD)
        .set(x);
      if (f === 'exp') emitExps(w, c, t, [x], [y]);
      else emitSoftpluses(w, c, t, [x], [y]);
      w.get(a.dst)
        .get(y)
        .simdMem(...V_STORE);
      incr(w, a.src, 16);
      incr(w, a.dst, 16);
    },
  );
  return { params: [ValType.i32], results: [], locals: locals.types, body: w.bytes, export: name };
}
