// The JS side of the wasm-simd selective scan backward: per batch row, copy the operands and
// cotangents into linear memory, run the reverse scan with recomputation tile by tile
// (wasm-kernel-selective-backward.ts), copy the gradients out; ∂B and ∂C come back as 4-lane
// partial sums per group (one lane per position in a quad) and are reduced here.
//
// Shapes: u, δ, z, ḡ_out [B, L, D]; A [D, N]; B, C [B, L, G, N]; D, bias [D]; h0, ḡ_last [B, D, N].
// Returns every gradient (zeros for absent operands), computed in float32.
import type { SelectiveScanArrays, SelectiveScanCotangents } from './reference-selective-scan';
import type { SelectiveScanShape } from './scan-shapes';
import type { WasmArena } from './wasm-arena';
import { channelLayout, packPerQuad, packRows, unpackPerQuad, unpackRows } from './wasm-channel-layout';
import { BACKWARD_RECORD, SELECTIVE_BACKWARD_ARGS } from './wasm-kernel-selective-backward';
import { FLAG_GATE, FLAG_SOFTPLUS } from './wasm-kernel-selective-forward';
import { writeArgs } from './wasm-locals';
import type { ScanKernels } from './wasm-scan-module';
import { copyProjection, packChannelOperands } from './wasm-selective-forward-run';

/** Steps between checkpoints (the chunk re-run forward, then walked backward). */
export const BACKWARD_CHUNK = 32;
/** Bytes of one tile's per-chunk scratch h_{t−1} and Ā_t: 2·T·W·N·16 ≤ this. */
export const TILE_SCRATCH_BYTES = 65536;

export interface SelectiveBackwardResult {
  u: Float32Array;
  delta: Float32Array;
  z: Float32Array;
  A: Float32Array;
  B: Float32Array;
  C: Float32Array;
  D: Float32Array;
  deltaBias: Float32Array;
  h0: Float32Array;
  calls: number;
}

/** dst[i] (+)= Σ of the 4 lanes of vector i of src, for `count` vectors. */
function reduceLanes(src: Float32Array, at: number, count: number, dst: Float32Array, from: number): void {
  for (let i = 0; i < count; i++) {
    const s = at + 4 * i;
    dst[from + i] = src[s]! + src[s + 1]! + (src[s + 2]! + src[s + 3]!);
  }
}

/** The gradients of Σ out ⊙ ḡ_out + Σ lastState ⊙ ḡ_last on the wasm-simd kernels. */
export function selectiveBackwardWasm(
  k: ScanKernels,
  arena: WasmArena,
  x: SelectiveScanArrays,
  g: SelectiveScanCotangents,
  s: SelectiveScanShape,
  chunk = BACKWARD_CHUNK,
  tileScratchBytes = TILE_SCRATCH_BYTES,
): SelectiveBackwardResult {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const l = channelLayout(D, G);
  const T = Math.min(chunk, L);
  const nC = Math.ceil(L / T);
  const rowBytes = l.Dp * 4;
  const bcRowBytes = G * N * 4;
  const W = Math.max(1, Math.min(l.Q, Math.floor(tileScratchBytes / (2 * T * N * 16))));
  const seq = L * rowBytes;
  const states = l.Q * N * 16;
  const at = arena.layout('selectiveScanBackward', {
    goff: l.Q * 4,
    A: states,
    bias: l.Q * 16,
    Dskip: l.Q * 16,
    H: states,
    G: states,
    gA: states,
    gD: l.Q * 16,
    gBias: l.Q * 16,
    ckpt: nC * W * N * 16,
    hs: T * W * N * 16,
    es: T * W * N * 16,
    rec: T * W * BACKWARD_RECORD,
    delta: seq,
    u: seq,
    z: x.z ? seq : 0,
    gOut: seq,
    gu: seq,
    gdelta: seq,
    gz: x.z ? seq : 0,
    B: L * bcRowBytes,
    C: L * bcRowBytes,
    gBv: 4 * L * bcRowBytes,
    gCv: 4 * L * bcRowBytes,
  });
  const f32 = arena.f32;
  const i32 = arena.i32;
  packChannelOperands(f32, i32, at, x, l, N);
  // accumulated over batch rows
  arena.zero(at.gA, states);
  arena.zero(at.gD, l.Q * 16);
  arena.zero(at.gBias, l.Q * 16);
  const r = {
    u: new Float32Array(Bn * L * D),
    delta: new Float32Array(Bn * L * D),
    z: new Float32Array(x.z ? Bn * L * D : 0),
    A: new Float32Array(D * N),
    B: new Float32Array(Bn * L * G * N),
    C: new Float32Array(Bn * L * G * N),
    D: new Float32Array(D),
    deltaBias: new Float32Array(D),
    h0: new Float32Array(Bn * D * N),
    calls: 0,
  };
  const flags = (x.deltaSoftplus ? FLAG_SOFTPLUS : 0) | (x.z ? FLAG_GATE : 0);
  const bc = L * G * N;
  for (let b = 0; b < Bn; b++) {
    packRows(x.delta, b * L * D, L, l, f32, at.delta >> 2);
    packRows(x.u, b * L * D, L, l, f32, at.u >> 2);
    if (x.z) packRows(x.z, b * L * D, L, l, f32, at.z >> 2);
    packRows(g.gOut, b * L * D, L, l, f32, at.gOut >> 2);
    copyProjection(x.B, b, bc, f32, at.B >> 2);
    copyProjection(x.C, b, bc, f32, at.C >> 2);
    if (x.h0) packPerQuad(x.h0, b * D * N, N, l, f32, at.H >> 2);
    else arena.zero(at.H, states);
    if (g.gLastState) packPerQuad(g.gLastState, b * D * N, N, l, f32, at.G >> 2);
    else arena.zero(at.G, states);
    arena.zero(at.gBv, 4 * L * bcRowBytes);
    arena.zero(at.gCv, 4 * L * bcRowBytes);
    for (let q0 = 0; q0 < l.Q; q0 += W) {
      const tile = (p: number) => p + 16 * q0;
      writeArgs(i32, 0, SELECTIVE_BACKWARD_ARGS, {
        L,
        W: Math.min(W, l.Q - q0),
        N,
        T,
        rowBytes,
        bcRowBytes,
        delta: tile(at.delta),
        u: tile(at.u),
        z: tile(at.z),
        gOut: tile(at.gOut),
        gu: tile(at.gu),
        gdelta: tile(at.gdelta),
        gz: tile(at.gz),
        B: at.B,
        C: at.C,
        gBv: at.gBv,
        gCv: at.gCv,
        goff: at.goff + 4 * q0,
        A: at.A + 16 * N * q0,
        bias: tile(at.bias),
        Dskip: tile(at.Dskip),
        gA: at.gA + 16 * N * q0,
        gD: tile(at.gD),
        gBias: tile(at.gBias),
        H: at.H + 16 * N * q0,
        G: at.G + 16 * N * q0,
        ckpt: at.ckpt,
        hs: at.hs,
        es: at.es,
        rec: at.rec,
        flags,
      });
      k.ssb(0);
      r.calls++;
    }
    unpackRows(f32, at.gu >> 2, L, l, r.u, b * L * D);
    unpackRows(f32, at.gdelta >> 2, L, l, r.delta, b * L * D);
    if (x.z) unpackRows(f32, at.gz >> 2, L, l, r.z, b * L * D);
    unpackPerQuad(f32, at.G >> 2, N, l, r.h0, b * D * N);
    reduceLanes(f32, at.gBv >> 2, bc, r.B, b * bc);
    reduceLanes(f32, at.gCv >> 2, bc, r.C, b * bc);
  }
  unpackPerQuad(f32, at.gA >> 2, N, l, r.A, 0);
  unpackRows(f32, at.gD >> 2, 1, l, r.D, 0);
  unpackRows(f32, at.gBias >> 2, 1, l, r.deltaBias, 0);
  return r;
}
