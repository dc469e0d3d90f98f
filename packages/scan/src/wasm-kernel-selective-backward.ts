// The selective-scan backward pass as one wasm SIMD function: a reverse scan with recomputation,
// as mamba's CUDA backward (selective_scan_bwd_kernel.cuh) does it, on one tile of W quads (four
// channels per v128, as in wasm-kernel-selective-forward.ts).
//
// Glossary: gy = ∂loss/∂y (ḡ_out·silu(z), or ḡ_out without a gate), ğ_t = ∂loss/∂h_t,
//   ğ_t = C_t gy_t + Ā_{t+1} ğ_{t+1}  (ğ after the last step = ḡ_last), Ā_t = exp(Δ_t A),
//   ∂u_t = D gy_t + Δ_t Σ_n ğ_t B_t,   ∂Δ_t = Σ_n ğ_t (A Ā_t h_{t−1} + B_t u_t),
//   ∂A += Δ_t ğ_t Ā_t h_{t−1},  ∂B_t += Δ_t u_t ğ_t,  ∂C_t += gy_t h_t  (B, C: summed over the
//   channels of a group),  ∂D += gy_t u_t,  ∂δ = ∂Δ·σ(δ + bias) under softplus,  ∂bias += ∂δ,
//   ∂z = ḡ_out·y·σ(z)(1 + z(1 − σ(z))),  ∂h0 = Ā_0 ğ_0.
//
// Recomputation (our choice among the two the brief allows): checkpoints every T steps, then
// chunks in reverse. Pass A walks the sequence forward once and saves the state before every chunk
// ([nC][W][N] vectors). Pass B takes the chunks from last to first: it restores the chunk's
// checkpoint, re-runs its T steps forward keeping h_{t−1} and Ā_t of every step ([T][W][N] each,
// small enough to stay in L2), and then walks those steps backward, where no exp is left to
// compute. The reverse needs three exps per state and step in all (two forward walks and none
// backward), and nothing of size [L, N] per channel is stored.
//
// Memory (byte addresses in the arguments block; rows as in the forward kernel):
//   delta, u, z, gOut          [L][Dp] f32 rows (the tile's first channel)
//   gu, gdelta, gz             [L][Dp] f32 rows, written
//   B, C                       [L][G·N] f32;  gBv, gCv [L][G·N] v128, accumulated: lane i holds
//                              the sum over the channels of the group that sit in lane i of their quad
//   goff                       [W] i32 byte offsets of each quad's group in a B/C row
//   A, bias, Dskip             as in the forward kernel
//   gA [W][N] v128, gD, gBias [W] v128   accumulated
//   H [W][N] v128              h0 on entry (clobbered)
//   G [W][N] v128              ḡ_last on entry, ∂h0 on return
//   ckpt [nC][W][N], hs, es [T][W][N] v128;  rec [T][W] records of 4 v128: Δ, Δ·u, σ(δ + bias), gy
import { wasmEncoder } from '@seqmod/tensor';
import { addr, countedLoop, decr, I32_LOAD, incr, unrolledLoop } from './wasm-emit';
import { FLAG_GATE, FLAG_SOFTPLUS } from './wasm-kernel-selective-forward';
import { Locals, loadArgs } from './wasm-locals';
import { type ChainTemps, declareMath, emitExps, emitOnePlusExpNegs, emitSoftpluses } from './wasm-simd-math';

const { CodeWriter, Op, SimdOp: S, ValType } = wasmEncoder;
type CodeWriter = wasmEncoder.CodeWriter;
type FunctionDef = wasmEncoder.FunctionDef;

export const SELECTIVE_BACKWARD_ARGS = [
  'L',
  'W',
  'N',
  'T',
  'rowBytes',
  'bcRowBytes',
  'delta',
  'u',
  'z',
  'gOut',
  'gu',
  'gdelta',
  'gz',
  'B',
  'C',
  'gBv',
  'gCv',
  'goff',
  'A',
  'bias',
  'Dskip',
  'gA',
  'gD',
  'gBias',
  'H',
  'G',
  'ckpt',
  'hs',
  'es',
  'rec',
  'flags',
] as const;

/** Bytes of one quad's record: Δ, Δ·u, σ(δ + bias), gy (y until the gate step replaces it). */
export const BACKWARD_RECORD = 64;
const R_DT = 0;
const R_DU = 16;
const R_SIG = 32;
const R_GY = 48;
/** Side by side: states of the forward walks, quads of the row loops, states of the reverse. */
const UNROLL = 4;

type Args = Record<(typeof SELECTIVE_BACKWARD_ARGS)[number], number>;

interface Ctx {
  w: CodeWriter;
  a: Args;
  c: ReturnType<typeof declareMath>['c'];
  t: ChainTemps[];
  vs: number[];
  ws: number[];
  /** i32 scratch */
  p: number[];
  /** v128 scratch */
  v: number[];
  rowOff: number;
  bcOff: number;
}

const idx = (k: number) => Array.from({ length: k }, (_, i) => i);

function vload(w: CodeWriter, base: number, off: number): CodeWriter {
  return w.get(base).simdMem(S.v128Load, 4, off);
}

/**
 * Per quad of the row at rowOff: Δ, Δ·u into the records at `rec` (and σ(δ + bias) and y = D·u
 * when `full`), four quads side by side.
 */
function emitPrep(x: Ctx, rec: number, full: boolean): void {
  const { w, a, c, t, vs, ws } = x;
  const [qc, pd, pu, pv, pk, pr] = x.p;
  addr(w, a.delta, x.rowOff).set(pd!);
  addr(w, a.u, x.rowOff).set(pu!);
  w.get(a.bias).set(pv!).get(a.Dskip).set(pk!).get(rec).set(pr!);
  unrolledLoop(
    w,
    qc!,
    () => w.get(a.W),
    UNROLL,
    (k) => {
      for (const i of idx(k)) {
        vload(w, pd!, 16 * i);
        vload(w, pv!, 16 * i)
          .simd(S.f32x4Add)
          .set(vs[i]!);
      }
      w.get(a.flags).i32(FLAG_SOFTPLUS).op(Op.i32And).if();
      emitSoftpluses(w, c, t.slice(0, k), vs.slice(0, k), ws.slice(0, k));
      if (full) {
        // σ(r) = (r < 0 ? e : 1) / (1 + e) with e = exp(−|r|), left in t.e by emitSoftpluses
        for (const i of idx(k)) {
          w.get(pr!);
          w.get(t[i]!.e)
            .op(...c.one)
            .get(vs[i]!)
            .op(...c.zero)
            .simd(S.f32x4Lt)
            .simd(S.v128Bitselect);
          w.get(t[i]!.e)
            .op(...c.one)
            .simd(S.f32x4Add)
            .simd(S.f32x4Div);
          w.simdMem(S.v128Store, 4, BACKWARD_RECORD * i + R_SIG);
        }
      }
      for (const i of idx(k)) w.get(ws[i]!).set(vs[i]!);
      w.end();
      for (const i of idx(k)) {
        const at = BACKWARD_RECORD * i;
        w.get(pr!)
          .get(vs[i]!)
          .simdMem(S.v128Store, 4, at + R_DT);
        w.get(pr!).get(vs[i]!);
        vload(w, pu!, 16 * i)
          .tee(ws[i]!)
          .simd(S.f32x4Mul)
          .simdMem(S.v128Store, 4, at + R_DU);
        if (full) {
          w.get(pr!);
          vload(w, pk!, 16 * i)
            .get(ws[i]!)
            .simd(S.f32x4Mul)
            .simdMem(S.v128Store, 4, at + R_GY);
        }
      }
      for (const q of [pd!, pu!, pv!, pk!]) incr(w, q, 16 * k);
      incr(w, pr!, BACKWARD_RECORD * k);
    },
  );
}

/**
 * One forward step of every quad's states from the records at `rec`. With `keep`, also h_{t−1}
 * and Ā_t into hs/es (advancing those locals) and y += C·h into the records.
 */
function emitStates(x: Ctx, rec: number, keep: { hs: number; es: number } | null): void {
  const { w, a, c, t, vs, ws } = x;
  const [qc, pa, ph, pg, pr, gb, gc, nc] = x.p;
  const [dt, du, acc] = x.v;
  w.get(a.A).set(pa!).get(a.H).set(ph!).get(a.goff).set(pg!).get(rec).set(pr!);
  countedLoop(
    w,
    qc!,
    () => w.get(a.W),
    () => {
      vload(w, pr!, R_DT).set(dt!);
      vload(w, pr!, R_DU).set(du!);
      if (keep) vload(w, pr!, R_GY).set(acc!);
      w.get(pg!)
        .mem(...I32_LOAD)
        .get(x.bcOff)
        .op(Op.i32Add)
        .tee(gc!)
        .get(a.B)
        .op(Op.i32Add)
        .set(gb!);
      w.get(gc!).get(a.C).op(Op.i32Add).set(gc!);
      unrolledLoop(
        w,
        nc!,
        () => w.get(a.N),
        UNROLL,
        (k) => {
          for (const i of idx(k))
            vload(w, pa!, 16 * i)
              .get(dt!)
              .simd(S.f32x4Mul)
              .set(vs[i]!);
          emitExps(w, c, t.slice(0, k), vs.slice(0, k), vs.slice(0, k));
          for (const i of idx(k)) {
            if (keep) {
              w.get(keep.es)
                .get(vs[i]!)
                .simdMem(S.v128Store, 4, 16 * i);
              w.get(keep.hs);
              vload(w, ph!, 16 * i).simdMem(S.v128Store, 4, 16 * i);
            }
            w.get(ph!).get(vs[i]!);
            vload(w, ph!, 16 * i).simd(S.f32x4Mul);
            w.get(du!)
              .get(gb!)
              .simdMem(S.v128Load32Splat, 2, 4 * i)
              .simd(S.f32x4Mul)
              .simd(S.f32x4Add);
            w.tee(ws[i]!).simdMem(S.v128Store, 4, 16 * i);
          }
          if (keep) {
            for (const i of idx(k)) {
              w.get(acc!)
                .get(gc!)
                .simdMem(S.v128Load32Splat, 2, 4 * i)
                .get(ws[i]!)
                .simd(S.f32x4Mul);
              w.simd(S.f32x4Add).set(acc!);
            }
            incr(w, keep.hs, 16 * k);
            incr(w, keep.es, 16 * k);
          }
          incr(w, pa!, 16 * k);
          incr(w, ph!, 16 * k);
          incr(w, gb!, 4 * k);
          incr(w, gc!, 4 * k);
        },
      );
      if (keep) w.get(pr!).get(acc!).simdMem(S.v128Store, 4, R_GY);
      incr(w, pg!, 4);
      incr(w, pr!, BACKWARD_RECORD);
    },
  );
}

/** gy = ḡ_out·σ(z)·z and ∂z (gate), or gy = ḡ_out, into the records at `rec`. */
function emitGateGrad(x: Ctx, rec: number): void {
  const { w, a, c, t, vs, ws } = x;
  const [qc, pz, po, pgz, pr] = x.p;
  addr(w, a.z, x.rowOff).set(pz!);
  addr(w, a.gOut, x.rowOff).set(po!);
  addr(w, a.gz, x.rowOff).set(pgz!);
  w.get(rec).set(pr!);
  unrolledLoop(
    w,
    qc!,
    () => w.get(a.W),
    UNROLL,
    (k) => {
      w.get(a.flags).i32(FLAG_GATE).op(Op.i32And).if();
      for (const i of idx(k)) vload(w, pz!, 16 * i).set(vs[i]!);
      emitOnePlusExpNegs(w, c, t.slice(0, k), vs.slice(0, k), ws.slice(0, k));
      for (const i of idx(k)) {
        const at = BACKWARD_RECORD * i;
        // ws = σ(z) = 1 / (1 + e^−z); ∂z = ḡ·y·σ·(1 + z(1 − σ)); gy = ḡ·z·σ
        w.op(...c.one)
          .get(ws[i]!)
          .simd(S.f32x4Div)
          .set(ws[i]!);
        w.get(pgz!);
        vload(w, po!, 16 * i);
        vload(w, pr!, at + R_GY)
          .simd(S.f32x4Mul)
          .get(ws[i]!)
          .simd(S.f32x4Mul);
        w.op(...c.one)
          .get(vs[i]!)
          .op(...c.one)
          .get(ws[i]!)
          .simd(S.f32x4Sub)
          .simd(S.f32x4Mul)
          .simd(S.f32x4Add);
        w.simd(S.f32x4Mul).simdMem(S.v128Store, 4, 16 * i);
        w.get(pr!);
        vload(w, po!, 16 * i)
          .get(vs[i]!)
          .simd(S.f32x4Mul)
          .get(ws[i]!)
          .simd(S.f32x4Mul);
        w.simdMem(S.v128Store, 4, at + R_GY);
      }
      w.else();
      for (const i of idx(k)) {
        w.get(pr!);
        vload(w, po!, 16 * i).simdMem(S.v128Store, 4, BACKWARD_RECORD * i + R_GY);
      }
      w.end();
      for (const q of [pz!, po!, pgz!]) incr(w, q, 16 * k);
      incr(w, pr!, BACKWARD_RECORD * k);
    },
  );
}

/** One reverse step of every quad: ğ, and every gradient of the step (see the header). */
function emitReverse(x: Ctx, rec: number, hs: number, es: number): void {
  const { w, a, vs } = x;
  const [qc, pa, pG, pgA, pg, pr, pb, pc, pgb, pgc, nc, o] = x.p;
  const [dt, du, gy, uu, gdt, gus, g] = x.v;
  w.get(a.A).set(pa!).get(a.G).set(pG!).get(a.gA).set(pgA!).get(a.goff).set(pg!).get(rec).set(pr!);
  w.i32(0).set(o!);
  countedLoop(
    w,
    qc!,
    () => w.get(a.W),
    () => {
      vload(w, pr!, R_DT).set(dt!);
      vload(w, pr!, R_DU).set(du!);
      vload(w, pr!, R_GY).set(gy!);
      w.get(a.u).get(x.rowOff).op(Op.i32Add).get(o!).op(Op.i32Add).simdMem(S.v128Load, 4).set(uu!);
      w.v128Zero().set(gdt!).v128Zero().set(gus!);
      // B_t, C_t rows of the group, and the group's ∂B, ∂C accumulators of step t (4 lanes each)
      w.get(pg!)
        .mem(...I32_LOAD)
        .get(x.bcOff)
        .op(Op.i32Add)
        .tee(pc!)
        .get(a.B)
        .op(Op.i32Add)
        .set(pb!);
      w.get(pc!).i32(2).op(Op.i32Shl).tee(pgc!).get(a.gBv).op(Op.i32Add).set(pgb!);
      w.get(pgc!).get(a.gCv).op(Op.i32Add).set(pgc!);
      w.get(pc!).get(a.C).op(Op.i32Add).set(pc!);
      unrolledLoop(
        w,
        nc!,
        () => w.get(a.N),
        UNROLL,
        (k) => {
          for (const i of idx(k)) {
            const cn = vs[i]!;
            // ğ = G + gy·C_n
            vload(w, pG!, 16 * i)
              .get(gy!)
              .get(pc!)
              .simdMem(S.v128Load32Splat, 2, 4 * i)
              .simd(S.f32x4Mul);
            w.simd(S.f32x4Add).set(g!);
            // eh = Ā h_{t−1}; ∂C += gy·h_t with h_t = eh + Δu·B_n
            vload(w, es, 16 * i);
            vload(w, hs, 16 * i)
              .simd(S.f32x4Mul)
              .set(cn);
            w.get(pb!)
              .simdMem(S.v128Load32Splat, 2, 4 * i)
              .set(x.ws[i]!);
            w.get(pgc!);
            vload(w, pgc!, 16 * i)
              .get(gy!)
              .get(cn)
              .get(du!)
              .get(x.ws[i]!)
              .simd(S.f32x4Mul)
              .simd(S.f32x4Add);
            w.simd(S.f32x4Mul)
              .simd(S.f32x4Add)
              .simdMem(S.v128Store, 4, 16 * i);
            // ∂Δ += ğ (A eh + B_n u)
            w.get(gdt!).get(g!);
            vload(w, pa!, 16 * i)
              .get(cn)
              .simd(S.f32x4Mul)
              .get(x.ws[i]!)
              .get(uu!)
              .simd(S.f32x4Mul)
              .simd(S.f32x4Add);
            w.simd(S.f32x4Mul).simd(S.f32x4Add).set(gdt!);
            // ∂A += (Δ ğ) eh
            w.get(pgA!);
            vload(w, pgA!, 16 * i)
              .get(dt!)
              .get(g!)
              .simd(S.f32x4Mul)
              .get(cn)
              .simd(S.f32x4Mul)
              .simd(S.f32x4Add);
            w.simdMem(S.v128Store, 4, 16 * i);
            // ∂B += Δu ğ; Σ ğ B_n for ∂u
            w.get(pgb!);
            vload(w, pgb!, 16 * i)
              .get(du!)
              .get(g!)
              .simd(S.f32x4Mul)
              .simd(S.f32x4Add)
              .simdMem(S.v128Store, 4, 16 * i);
            w.get(gus!).get(g!).get(x.ws[i]!).simd(S.f32x4Mul).simd(S.f32x4Add).set(gus!);
            // carried: Ā ğ
            w.get(pG!).get(g!);
            vload(w, es, 16 * i)
              .simd(S.f32x4Mul)
              .simdMem(S.v128Store, 4, 16 * i);
          }
          for (const q of [pa!, pG!, pgA!, hs, es, pgb!, pgc!]) incr(w, q, 16 * k);
          incr(w, pb!, 4 * k);
          incr(w, pc!, 4 * k);
        },
      );
      // ∂u = D gy + Δ Σ ğ B; ∂δ = ∂Δ (·σ under softplus); ∂bias += ∂δ; ∂D += gy u
      w.get(a.gu).get(x.rowOff).op(Op.i32Add).get(o!).op(Op.i32Add);
      w.get(a.Dskip).get(o!).op(Op.i32Add).simdMem(S.v128Load, 4).get(gy!).simd(S.f32x4Mul);
      w.get(dt!).get(gus!).simd(S.f32x4Mul).simd(S.f32x4Add).simdMem(S.v128Store, 4);
      w.get(a.flags).i32(FLAG_SOFTPLUS).op(Op.i32And).if();
      w.get(gdt!);
      vload(w, pr!, R_SIG).simd(S.f32x4Mul).set(gdt!);
      w.end();
      w.get(a.gdelta).get(x.rowOff).op(Op.i32Add).get(o!).op(Op.i32Add).get(gdt!).simdMem(S.v128Store, 4);
      w.get(a.gBias).get(o!).op(Op.i32Add).tee(pb!);
      vload(w, pb!, 0).get(gdt!).simd(S.f32x4Add).simdMem(S.v128Store, 4);
      w.get(a.gD).get(o!).op(Op.i32Add).tee(pb!);
      vload(w, pb!, 0).get(gy!).get(uu!).simd(S.f32x4Mul).simd(S.f32x4Add).simdMem(S.v128Store, 4);
      incr(w, pg!, 4);
      incr(w, pr!, BACKWARD_RECORD);
      incr(w, o!, 16);
    },
  );
}

/** dst[i] = src[i] for `count` vectors (i32 locals; both advanced). */
function emitCopy(w: CodeWriter, counter: number, count: number, src: number, dst: number): void {
  countedLoop(
    w,
    counter,
    () => w.get(count),
    () => {
      w.get(dst);
      vload(w, src, 0).simdMem(S.v128Store, 4);
      incr(w, src, 16);
      incr(w, dst, 16);
    },
  );
}

/** ssb(args): the gradients of one tile (see the header). */
export function selectiveBackwardKernel(name: string): FunctionDef {
  const w = new CodeWriter();
  const locals = new Locals(1);
  const a = loadArgs(w, locals, 0, SELECTIVE_BACKWARD_ARGS);
  const { c, t } = declareMath(w, locals, UNROLL);
  const x: Ctx = {
    w,
    a,
    c,
    t,
    vs: Array.from({ length: UNROLL }, () => locals.v128()),
    ws: Array.from({ length: UNROLL }, () => locals.v128()),
    p: Array.from({ length: 12 }, () => locals.i32()),
    v: Array.from({ length: 7 }, () => locals.v128()),
    rowOff: locals.i32(),
    bcOff: locals.i32(),
  };
  const [t0, steps, j, stStride, recStride, ck, src, dst, cnt, hs, es, rec, states] = Array.from(
    { length: 13 },
    () => locals.i32(),
  );
  // states per tile W·N; stride of one step in hs/es (W·N vectors) and in rec (W records)
  w.get(a.W).get(a.N).op(Op.i32Mul).tee(states).i32(4).op(Op.i32Shl).set(stStride);
  w.get(a.W).i32(6).op(Op.i32Shl).set(recStride);
  const stepsOf = () => {
    // steps = min(T, L − t0)
    w.get(a.T).get(a.L).get(t0).op(Op.i32Sub).tee(steps).get(steps).get(a.T).op(Op.i32GtU);
    w.op(Op.select).set(steps);
  };

  // Pass A: checkpoints. ckpt[c] = the state before chunk c.
  w.i32(0).set(t0).i32(0).set(x.rowOff).i32(0).set(x.bcOff).get(a.ckpt).set(ck);
  w.loop();
  w.get(a.H).set(src);
  emitCopy(w, cnt, states, src, ck);
  stepsOf();
  countedLoop(
    w,
    j,
    () => w.get(steps),
    () => {
      emitPrep(x, a.rec, false);
      emitStates(x, a.rec, null);
      incr(w, x.rowOff, { local: a.rowBytes });
      incr(w, x.bcOff, { local: a.bcRowBytes });
    },
  );
  incr(w, t0, { local: a.T });
  w.get(t0).get(a.L).op(Op.i32LtU).brIf(0);
  w.end();

  // Pass B: chunks from the last to the first.
  w.loop();
  decr(w, t0, { local: a.T });
  decr(w, ck, { local: stStride });
  w.get(ck).set(src).get(a.H).set(dst);
  emitCopy(w, cnt, states, src, dst);
  stepsOf();
  w.get(t0).get(a.rowBytes).op(Op.i32Mul).set(x.rowOff);
  w.get(t0).get(a.bcRowBytes).op(Op.i32Mul).set(x.bcOff);
  // B1: forward over the chunk, keeping h_{t−1}, Ā_t, Δ, Δu, σ and gy of every step
  w.get(a.hs).set(hs).get(a.es).set(es).get(a.rec).set(rec);
  countedLoop(
    w,
    j,
    () => w.get(steps),
    () => {
      emitPrep(x, rec, true);
      emitStates(x, rec, { hs, es });
      emitGateGrad(x, rec);
      incr(w, rec, { local: recStride });
      incr(w, x.rowOff, { local: a.rowBytes });
      incr(w, x.bcOff, { local: a.bcRowBytes });
    },
  );
  // B2: backward over the chunk (hs, es, rec point past its last step)
  countedLoop(
    w,
    j,
    () => w.get(steps),
    () => {
      decr(w, x.rowOff, { local: a.rowBytes });
      decr(w, x.bcOff, { local: a.bcRowBytes });
      decr(w, rec, { local: recStride });
      decr(w, hs, { local: stStride });
      decr(w, es, { local: stStride });
      w.get(hs).set(src).get(es).set(dst);
      emitReverse(x, rec, src, dst);
    },
  );
  w.get(t0).brIf(0);
  w.end();
  return { params: [ValType.i32], results: [], locals: locals.types, body: w.bytes, export: name };
}
