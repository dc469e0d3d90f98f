// The JS side of the wasm-simd linear scan h_t = a_t ⊙ h_{t−1} + b_t and its backward pass: per
// batch row, rows of D channels padded to whole quads (wasm-channel-layout.ts with one group),
// the initial state placed as the row before h, zero rows after a and ∂b (wasm-kernel-linear.ts).
//
// Shapes: a, b, h, gh [B, L, D]; h0 [B, D]. Computes in float32.
import type { LinearScanArrays } from './reference-linear-scan';
import type { LinearScanShape } from './scan-shapes';
import type { WasmArena } from './wasm-arena';
import { channelLayout, packRows, unpackRows } from './wasm-channel-layout';
import { LINEAR_BACKWARD_ARGS, LINEAR_FORWARD_ARGS } from './wasm-kernel-linear';
import { writeArgs } from './wasm-locals';
import type { ScanKernels } from './wasm-scan-module';

/** a, b: [B, L, D], h0: [B, D] -> h: [B, L, D]. */
export function linearForwardWasm(
  k: ScanKernels,
  arena: WasmArena,
  x: LinearScanArrays,
  s: LinearScanShape,
): Float32Array {
  const { batch: B, length: L, channels: D } = s;
  const l = channelLayout(D, 1);
  const row = l.Dp * 4;
  // h0 row then the L rows of h, contiguous
  const at = arena.layout('linearScan', { a: L * row, b: L * row, h: (L + 1) * row });
  const f32 = arena.f32;
  const h = new Float32Array(B * L * D);
  for (let bi = 0; bi < B; bi++) {
    packRows(x.a, bi * L * D, L, l, f32, at.a >> 2);
    packRows(x.b, bi * L * D, L, l, f32, at.b >> 2);
    if (x.h0) packRows(x.h0, bi * D, 1, l, f32, at.h >> 2);
    else arena.zero(at.h, row);
    writeArgs(arena.i32, 0, LINEAR_FORWARD_ARGS, {
      L,
      V: l.Q,
      rowBytes: row,
      a: at.a,
      b: at.b,
      h: at.h + row,
    });
    k.lsf(0);
    unpackRows(f32, (at.h + row) >> 2, L, l, h, bi * L * D);
  }
  return h;
}

export interface LinearBackwardResult {
  a: Float32Array;
  b: Float32Array;
  h0: Float32Array;
}

/** a, b: [B, L, D], h0: [B, D], gh: [B, L, D] -> ∂a, ∂b: [B, L, D], ∂h0: [B, D] (h recomputed). */
export function linearBackwardWasm(
  k: ScanKernels,
  arena: WasmArena,
  x: LinearScanArrays,
  gh: ArrayLike<number>,
  s: LinearScanShape,
): LinearBackwardResult {
  const { batch: B, length: L, channels: D } = s;
  const l = channelLayout(D, 1);
  const row = l.Dp * 4;
  // a and ∂b with a zero row after them, h with h0 before it
  const at = arena.layout('linearScanBackward', {
    a: (L + 1) * row,
    b: L * row,
    h: (L + 1) * row,
    gh: L * row,
    ga: L * row,
    gb: (L + 1) * row,
  });
  const f32 = arena.f32;
  const out = { a: new Float32Array(B * L * D), b: new Float32Array(B * L * D), h0: new Float32Array(B * D) };
  for (let bi = 0; bi < B; bi++) {
    packRows(x.a, bi * L * D, L, l, f32, at.a >> 2);
    arena.zero(at.a + L * row, row);
    packRows(x.b, bi * L * D, L, l, f32, at.b >> 2);
    packRows(gh, bi * L * D, L, l, f32, at.gh >> 2);
    if (x.h0) packRows(x.h0, bi * D, 1, l, f32, at.h >> 2);
    else arena.zero(at.h, row);
    arena.zero(at.gb + L * row, row);
    const i32 = arena.i32;
    writeArgs(i32, 0, LINEAR_FORWARD_ARGS, { L, V: l.Q, rowBytes: row, a: at.a, b: at.b, h: at.h + row });
    k.lsf(0);
    writeArgs(i32, 0, LINEAR_BACKWARD_ARGS, {
      L,
      V: l.Q,
      rowBytes: row,
      a: at.a,
      h: at.h + row,
      gh: at.gh,
      ga: at.ga,
      gb: at.gb,
    });
    k.lsb(0);
    unpackRows(f32, at.ga >> 2, L, l, out.a, bi * L * D);
    unpackRows(f32, at.gb >> 2, L, l, out.b, bi * L * D);
    // ∂h0 = a_0 ⊙ g̃_0
    for (let d = 0; d < D; d++) out.h0[bi * D + d] = f32[(at.a >> 2) + d]! * f32[(at.gb >> 2) + d]!;
  }
  return out;
}
