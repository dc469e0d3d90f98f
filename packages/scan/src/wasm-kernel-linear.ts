// The linear recurrence h_t = a_t ⊙ h_{t−1} + b_t as two wasm SIMD functions, over rows of Dp
// channels (four per v128): the forward scan and the reverse scan of its backward pass. A row
// depends on the previous row only, so both stream through memory front to back (back to front),
// contiguous and vectorised across channels; the time recurrence stays sequential per channel.
//
// Glossary: a, b, h, gh [L][Dp] f32 rows; g̃_t = ∂loss/∂h_t = gh_t + a_{t+1} ⊙ g̃_{t+1};
// ∂b_t = g̃_t, ∂a_t = g̃_t ⊙ h_{t−1}, ∂h0 = a_0 ⊙ g̃_0.
//
// Memory (byte addresses in the arguments block): the driver places the initial state as the row
// just before h (h − rowBytes), so that h_{t−1} is always the previous row; and in the backward
// pass a zero row just after a and after gb, so that a_L ⊙ g̃_L reads zeros.
//   lsf: L, V (vectors per row), rowBytes, a, b, h     h_t = a_t h_{t−1} + b_t
//   lsb: L, V, rowBytes, a, h, gh, ga, gb               g̃ into gb, ∂a into ga, from t = L−1 down
import { wasmEncoder } from '@seqmod/tensor';
import { countedLoop, decr, incr } from './wasm-emit';
import { Locals, loadArgs } from './wasm-locals';

const { CodeWriter, Op, SimdOp: S, ValType } = wasmEncoder;
type FunctionDef = wasmEncoder.FunctionDef;

export const LINEAR_FORWARD_ARGS = ['L', 'V', 'rowBytes', 'a', 'b', 'h'] as const;
export const LINEAR_BACKWARD_ARGS = ['L', 'V', 'rowBytes', 'a', 'h', 'gh', 'ga', 'gb'] as const;

/** lsf(args): h_t = a_t ⊙ h_{t−1} + b_t for t = 0 .. L−1, h_{−1} the row before h. */
export function linearForwardKernel(name: string): FunctionDef {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const a = loadArgs(w, locals, 0, LINEAR_FORWARD_ARGS);
  const [tc, vc, off] = [locals.i32(), locals.i32(), locals.i32()];
  w.i32(0).set(off);
  countedLoop(
    w,
    tc,
    () => w.get(a.L),
    () => {
      countedLoop(
        w,
        vc,
        () => w.get(a.V),
        () => {
          w.get(a.h).get(off).op(Op.i32Add);
          w.get(a.a).get(off).op(Op.i32Add).simdMem(S.v128Load, 4);
          w.get(a.h).get(off).op(Op.i32Add).get(a.rowBytes).op(Op.i32Sub).simdMem(S.v128Load, 4);
          w.simd(S.f32x4Mul);
          w.get(a.b).get(off).op(Op.i32Add).simdMem(S.v128Load, 4).simd(S.f32x4Add);
          w.simdMem(S.v128Store, 4);
          incr(w, off, 16);
        },
      );
    },
  );
  return { params: [ValType.i32], results: [], locals: locals.types, body: w.bytes, export: name };
}

/** lsb(args): g̃_t = gh_t + a_{t+1} ⊙ g̃_{t+1} into gb, ∂a_t = g̃_t ⊙ h_{t−1} into ga. */
export function linearBackwardKernel(name: string): FunctionDef {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const a = loadArgs(w, locals, 0, LINEAR_BACKWARD_ARGS);
  const [tc, vc, off, g] = [locals.i32(), locals.i32(), locals.i32(), locals.v128()];
  // off = L·rowBytes: one past the last row; each step moves back one row, then walks it
  w.get(a.L).get(a.rowBytes).op(Op.i32Mul).set(off);
  countedLoop(
    w,
    tc,
    () => w.get(a.L),
    () => {
      decr(w, off, { local: a.rowBytes });
      countedLoop(
        w,
        vc,
        () => w.get(a.V),
        () => {
          // g = gh_t + a_{t+1} ⊙ g̃_{t+1} (the rows after the last hold zeros)
          w.get(a.gh).get(off).op(Op.i32Add).simdMem(S.v128Load, 4);
          w.get(a.a).get(off).op(Op.i32Add).get(a.rowBytes).op(Op.i32Add).simdMem(S.v128Load, 4);
          w.get(a.gb).get(off).op(Op.i32Add).get(a.rowBytes).op(Op.i32Add).simdMem(S.v128Load, 4);
          w.simd(S.f32x4Mul).simd(S.f32x4Add).set(g);
          w.get(a.gb).get(off).op(Op.i32Add).get(g).simdMem(S.v128Store, 4);
          w.get(a.ga).get(off).op(Op.i32Add).get(g);
          w.get(a.h).get(off).op(Op.i32Add).get(a.rowBytes).op(Op.i32Sub).simdMem(S.v128Load, 4);
          w.simd(S.f32x4Mul).simdMem(S.v128Store, 4);
          incr(w, off, 16);
        },
      );
      decr(w, off, { local: a.rowBytes });
    },
  );
  return { params: [ValType.i32], results: [], locals: locals.types, body: w.bytes, export: name };
}
