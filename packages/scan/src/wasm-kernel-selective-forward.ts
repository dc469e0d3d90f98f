// The fused selective-scan forward pass as one wasm SIMD function (seqmod's own kernel): one pass
// over the sequence, the N states of every channel in f32x4 vectors, every y_t written, the
// [B, L, D, N] states never stored; mamba's CUDA forward (selective_scan_fwd_kernel.cuh) on a
// CPU core.
//
// Glossary (Gu & Dao 2023, library layout): δ, u, z, out rows [L, Dp]; Δ = softplus(δ + bias)
// (or δ + bias); A [D, N]; B_t, C_t rows [L, G, N]; h [D, N]; D the skip.
//   h_t = exp(Δ_t A) ⊙ h_{t−1} + Δ_t u_t B_t,  y_t = C_t · h_t + D u_t,  out_t = y_t · silu(z_t).
//
// Vectorised over channels, not states: a v128 holds four consecutive channels ("a quad"), so
// the row loads of δ, u, z and the store of out are contiguous; B_t[n] and C_t[n] are shared by
// the four channels (one splat load each); y needs no horizontal sum; softplus and silu run on
// four channels at once; and N need not be a multiple of 4. Channels are padded to a multiple of
// 4 inside each B/C group (wasm-channel-layout.ts), so the four lanes of a quad share one group.
// One call scans a tile of W quads over all L steps, time outer and quads inner: the tile's
// states (W·N vectors) stay in L1 and every row is read front to back. Each step runs three loops
// over the tile's quads: Δ and Δ·u (softplus, four quads side by side), the states (four states
// side by side: independent exp chains, see wasm-simd-math.ts), then the gate (four quads side by
// side). Kept in the state loop, softplus and silu were one latency-bound chain per quad and cost
// a third of the time.
//
// Memory (byte addresses in the arguments block, wasm-locals.ts):
//   delta, u, z, out  row-major [L][Dp] f32, pointing at the tile's first channel
//   B, C              [L][G·N] f32, rows of bcRowBytes
//   goff              [W] i32: the byte offset of each quad's group inside a B/C row
//   A                 [W][N] v128 (lane = channel of the quad)
//   bias, Dskip       [W] v128 (zeros where absent)
//   H                 [W][N] v128: h0 on entry, the last state on return
//   rec               [W][3] v128 scratch: Δ, Δ·u and y of the current step
//   flags             bit 0: softplus; bit 1: gate by z
import { wasmEncoder } from '@seqmod/tensor';
import { addr, countedLoop, I32_LOAD, incr, unrolledLoop } from './wasm-emit';
import { Locals, loadArgs } from './wasm-locals';
import { declareMath, emitExps, emitOnePlusExpNegs, emitSoftpluses } from './wasm-simd-math';

const { CodeWriter, Op, SimdOp: S, ValType } = wasmEncoder;
type FunctionDef = wasmEncoder.FunctionDef;

export const SELECTIVE_FORWARD_ARGS = [
  'L',
  'W',
  'N',
  'rowBytes',
  'bcRowBytes',
  'delta',
  'u',
  'z',
  'out',
  'B',
  'C',
  'goff',
  'A',
  'bias',
  'Dskip',
  'H',
  'rec',
  'flags',
] as const;

export const FLAG_SOFTPLUS = 1;
export const FLAG_GATE = 2;

/** States updated side by side in the state loop (independent exp chains, wasm-simd-math.ts). */
export const FORWARD_UNROLL = 4;
/** Quads side by side in the softplus and gate loops. */
export const ROW_UNROLL = 4;
/** Bytes of one quad's record in `rec`: Δ, Δ·u, y. */
export const FORWARD_RECORD = 48;

/** ssf(args): scans one tile (see the header). */
export function selectiveForwardKernel(name: string, unroll = FORWARD_UNROLL): FunctionDef {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const a = loadArgs(w, locals, 0, SELECTIVE_FORWARD_ARGS);
  const chains = Math.max(unroll, ROW_UNROLL);
  const { c, t } = declareMath(w, locals, chains);
  const vs = Array.from({ length: chains }, () => locals.v128());
  const ws = Array.from({ length: chains }, () => locals.v128());
  const [tc, rowOff, bcOff, qc, pd, pu, pv, pr, pa, ph, pg, gb, gc, nc] = Array.from({ length: 14 }, () =>
    locals.i32(),
  );
  const [dt, du, acc] = Array.from({ length: 3 }, () => locals.v128());
  const V = (op: number, base: number, off: number) => w.get(base).simdMem(op, 4, off);
  const idx = (k: number) => Array.from({ length: k }, (_, i) => i);

  w.i32(0).set(rowOff).i32(0).set(bcOff);
  countedLoop(
    w,
    tc,
    () => w.get(a.L),
    () => {
      // 1. Δ = softplus(δ + bias) (or δ + bias), Δ·u and y = D·u into the records
      addr(w, a.delta, rowOff).set(pd);
      addr(w, a.u, rowOff).set(pu);
      w.get(a.bias).set(pv).get(a.Dskip).set(pg).get(a.rec).set(pr);
      unrolledLoop(
        w,
        qc,
        () => w.get(a.W),
        ROW_UNROLL,
        (k) => {
          for (const i of idx(k)) {
            V(S.v128Load, pd, 16 * i);
            V(S.v128Load, pv, 16 * i)
              .simd(S.f32x4Add)
              .set(vs[i]!);
          }
          w.get(a.flags).i32(FLAG_SOFTPLUS).op(Op.i32And).if();
          emitSoftpluses(w, c, t.slice(0, k), vs.slice(0, k), vs.slice(0, k));
          w.end();
          for (const i of idx(k)) {
            w.get(pr)
              .get(vs[i]!)
              .simdMem(S.v128Store, 4, FORWARD_RECORD * i);
            w.get(pr).get(vs[i]!);
            V(S.v128Load, pu, 16 * i)
              .tee(ws[i]!)
              .simd(S.f32x4Mul)
              .simdMem(S.v128Store, 4, FORWARD_RECORD * i + 16);
            w.get(pr);
            V(S.v128Load, pg, 16 * i)
              .get(ws[i]!)
              .simd(S.f32x4Mul)
              .simdMem(S.v128Store, 4, FORWARD_RECORD * i + 32);
          }
          for (const p of [pd, pu, pv, pg]) incr(w, p, 16 * k);
          incr(w, pr, FORWARD_RECORD * k);
        },
      );
      // 2. the states: h ← exp(Δ·A) ⊙ h + Δu·B_t, y += C_t·h
      w.get(a.A).set(pa).get(a.H).set(ph).get(a.goff).set(pg).get(a.rec).set(pr);
      countedLoop(
        w,
        qc,
        () => w.get(a.W),
        () => {
          V(S.v128Load, pr, 0).set(dt);
          V(S.v128Load, pr, 16).set(du);
          V(S.v128Load, pr, 32).set(acc);
          w.get(pg)
            .mem(...I32_LOAD)
            .get(bcOff)
            .op(Op.i32Add)
            .tee(gc)
            .get(a.B)
            .op(Op.i32Add)
            .set(gb);
          w.get(gc).get(a.C).op(Op.i32Add).set(gc);
          unrolledLoop(
            w,
            nc,
            () => w.get(a.N),
            unroll,
            (k) => {
              for (const i of idx(k))
                V(S.v128Load, pa, 16 * i)
                  .get(dt)
                  .simd(S.f32x4Mul)
                  .set(vs[i]!);
              emitExps(w, c, t.slice(0, k), vs.slice(0, k), vs.slice(0, k));
              for (const i of idx(k)) {
                w.get(ph).get(vs[i]!);
                V(S.v128Load, ph, 16 * i).simd(S.f32x4Mul);
                w.get(du)
                  .get(gb)
                  .simdMem(S.v128Load32Splat, 2, 4 * i)
                  .simd(S.f32x4Mul)
                  .simd(S.f32x4Add);
                w.tee(ws[i]!).simdMem(S.v128Store, 4, 16 * i);
              }
              for (const i of idx(k)) {
                w.get(acc)
                  .get(gc)
                  .simdMem(S.v128Load32Splat, 2, 4 * i)
                  .get(ws[i]!)
                  .simd(S.f32x4Mul);
                w.simd(S.f32x4Add).set(acc);
              }
              incr(w, pa, 16 * k);
              incr(w, ph, 16 * k);
              incr(w, gb, 4 * k);
              incr(w, gc, 4 * k);
            },
          );
          w.get(pr).get(acc).simdMem(S.v128Store, 4, 32);
          incr(w, pg, 4);
          incr(w, pr, FORWARD_RECORD);
        },
      );
      // 3. out = y, or y·z·sigmoid(z) = y·z / (1 + e^−z)
      addr(w, a.out, rowOff).set(pd);
      addr(w, a.z, rowOff).set(pu);
      w.get(a.rec).set(pr);
      unrolledLoop(
        w,
        qc,
        () => w.get(a.W),
        ROW_UNROLL,
        (k) => {
          w.get(a.flags).i32(FLAG_GATE).op(Op.i32And).if();
          for (const i of idx(k)) V(S.v128Load, pu, 16 * i).set(vs[i]!);
          emitOnePlusExpNegs(w, c, t.slice(0, k), vs.slice(0, k), ws.slice(0, k));
          for (const i of idx(k)) {
            w.get(pd);
            V(S.v128Load, pr, FORWARD_RECORD * i + 32)
              .get(vs[i]!)
              .simd(S.f32x4Mul)
              .get(ws[i]!)
              .simd(S.f32x4Div);
            w.simdMem(S.v128Store, 4, 16 * i);
          }
          w.else();
          for (const i of idx(k)) {
            w.get(pd);
            V(S.v128Load, pr, FORWARD_RECORD * i + 32).simdMem(S.v128Store, 4, 16 * i);
          }
          w.end();
          incr(w, pd, 16 * k);
          incr(w, pu, 16 * k);
          incr(w, pr, FORWARD_RECORD * k);
        },
      );
      incr(w, rowOff, { local: a.rowBytes });
      incr(w, bcOff, { local: a.bcRowBytes });
    },
  );
  return { params: [ValType.i32], results: [], locals: locals.types, body: w.bytes, export: name };
}
