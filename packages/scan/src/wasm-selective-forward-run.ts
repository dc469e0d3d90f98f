// The JS side of the wasm-simd selective scan forward: per batch row, copy the operands into
// linear memory in the kernel's layout (wasm-channel-layout.ts), scan the row tile by tile
// (wasm-kernel-selective-forward.ts), copy out and the last state back.
//
// Shapes (library layout): u, δ, z, out [B, L, D]; A [D, N]; B, C [B, L, G, N]; D, bias [D];
// h0, last state [B, D, N]. Computes in float32 whatever the input arrays hold.
import type { SelectiveScanArrays } from './reference-selective-scan';
import type { SelectiveScanShape } from './scan-shapes';
import type { WasmArena } from './wasm-arena';
import {
  type ChannelLayout,
  channelLayout,
  groupOffsets,
  packPerQuad,
  packRows,
  unpackPerQuad,
  unpackRows,
} from './wasm-channel-layout';
import {
  FLAG_GATE,
  FLAG_SOFTPLUS,
  FORWARD_RECORD,
  SELECTIVE_FORWARD_ARGS,
} from './wasm-kernel-selective-forward';
import { writeArgs } from './wasm-locals';
import type { ScanKernels } from './wasm-scan-module';

/** Bytes of one tile's states: W = TILE_STATE_BYTES / (16 N) quads keep their states in L1. */
export const TILE_STATE_BYTES = 16384;

export interface SelectiveForwardResult {
  out: Float32Array;
  lastState: Float32Array;
  /** kernel calls */
  calls: number;
}

/** Copies [L, G·N] rows of B (or C) of batch row b into memory at element `at`. */
export function copyProjection(
  src: ArrayLike<number>,
  b: number,
  size: number,
  dst: Float32Array,
  at: number,
): void {
  if (src instanceof Float32Array || src instanceof Float64Array)
    dst.set(src.subarray(b * size, (b + 1) * size), at);
  else for (let i = 0; i < size; i++) dst[at + i] = src[b * size + i]!;
}

/** Packs the per-channel operands shared by every batch row: A, bias, D and the group table. */
export function packChannelOperands(
  f32: Float32Array,
  i32: Int32Array,
  at: { goff: number; A: number; bias: number; Dskip: number },
  x: SelectiveScanArrays,
  l: ChannelLayout,
  N: number,
): void {
  i32.set(groupOffsets(l, N), at.goff >> 2);
  packPerQuad(x.A, 0, N, l, f32, at.A >> 2);
  const vec = (v: ArrayLike<number> | undefined, p: number) => {
    if (v) packRows(v, 0, 1, l, f32, p >> 2);
    else f32.fill(0, p >> 2, (p >> 2) + l.Dp);
  };
  vec(x.deltaBias, at.bias);
  vec(x.D, at.Dskip);
}

/** The selective scan forward on the wasm-simd kernels. */
export function selectiveForwardWasm(
  k: ScanKernels,
  arena: WasmArena,
  x: SelectiveScanArrays,
  s: SelectiveScanShape,
  tileStateBytes = TILE_STATE_BYTES,
): SelectiveForwardResult {
  const { batch: Bn, length: L, channels: D, state: N, groups: G } = s;
  const l = channelLayout(D, G);
  const rowBytes = l.Dp * 4;
  const bcRowBytes = G * N * 4;
  const W = Math.max(1, Math.min(l.Q, Math.floor(tileStateBytes / (16 * N))));
  const seq = L * rowBytes;
  const at = arena.layout('selectiveScan', {
    goff: l.Q * 4,
    A: l.Q * N * 16,
    bias: l.Q * 16,
    Dskip: l.Q * 16,
    H: l.Q * N * 16,
    rec: W * FORWARD_RECORD,
    delta: seq,
    u: seq,
    z: x.z ? seq : 0,
    out: seq,
    B: L * bcRowBytes,
    C: L * bcRowBytes,
  });
  const f32 = arena.f32;
  const i32 = arena.i32;
  packChannelOperands(f32, i32, at, x, l, N);
  const out = new Float32Array(Bn * L * D);
  const lastState = new Float32Array(Bn * D * N);
  const flags = (x.deltaSoftplus ? FLAG_SOFTPLUS : 0) | (x.z ? FLAG_GATE : 0);
  let calls = 0;
  for (let b = 0; b < Bn; b++) {
    packRows(x.delta, b * L * D, L, l, f32, at.delta >> 2);
    packRows(x.u, b * L * D, L, l, f32, at.u >> 2);
    if (x.z) packRows(x.z, b * L * D, L, l, f32, at.z >> 2);
    copyProjection(x.B, b, L * G * N, f32, at.B >> 2);
    copyProjection(x.C, b, L * G * N, f32, at.C >> 2);
    if (x.h0) packPerQuad(x.h0, b * D * N, N, l, f32, at.H >> 2);
    else f32.fill(0, at.H >> 2, (at.H >> 2) + l.Q * N * 4);
    for (let q0 = 0; q0 < l.Q; q0 += W) {
      writeArgs(i32, 0, SELECTIVE_FORWARD_ARGS, {
        L,
        W: Math.min(W, l.Q - q0),
        N,
        rowBytes,
        bcRowBytes,
        delta: at.delta + 16 * q0,
        u: at.u + 16 * q0,
        z: at.z + 16 * q0,
        out: at.out + 16 * q0,
        B: at.B,
        C: at.C,
        goff: at.goff + 4 * q0,
        A: at.A + 16 * N * q0,
        bias: at.bias + 16 * q0,
        Dskip: at.Dskip + 16 * q0,
        H: at.H + 16 * N * q0,
        rec: at.rec,
        flags,
      });
      k.ssf(0);
      calls++;
    }
    unpackRows(f32, at.out >> 2, L, l, out, b * L * D);
    unpackPerQuad(f32, at.H >> 2, N, l, lastState, b * D * N);
  }
  return { out, lastState, calls };
}
