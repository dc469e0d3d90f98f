// Index arithmetic of the webgpu-wgsl shaders, mirrored on the host: the shaders index every
// buffer with u32 expressions (never float32, which is exact only to 2^24), so a flat index is
// exact up to 2^32 − 1 and wraps past it. The host checks, before building a dispatch, that the
// largest index any binding computes stays below 2^32; these mirrors are what the tests compare
// against exact BigInt arithmetic past 2^24.
//
// Glossary (library layout): u, δ, z, out [B, L, D] at (b·L + t)·D + d; B, C as W-float blocks
// [B, L, G, N/W] at ((b·L + t)·G + g)·(N/W) + q; h0, last [B, D, N] at (b·D + d)·N + n.
import { BackendError } from '@seqmod/tensor';

/** Indices a u32 holds: 0 … 2^32 − 1. */
export const U32_LIMIT = 2 ** 32;

/** a·b + c as WGSL u32 arithmetic computes it (wrapping modulo 2^32). */
export function u32MulAdd(a: number, b: number, c: number): number {
  return (Math.imul(a, b) + c) >>> 0;
}

/** The shaders' flat index of (b, t, d) in [B, L, D]: (b·L + t)·D + d in u32. */
export function rowIndexU32(b: number, t: number, d: number, L: number, D: number): number {
  return u32MulAdd(u32MulAdd(b, L, t), D, d);
}

/** The shaders' index of B/C block q of group g at (b, t): ((b·L + t)·G + g)·NQ + q in u32. */
export function blockIndexU32(
  b: number,
  t: number,
  g: number,
  q: number,
  L: number,
  G: number,
  NQ: number,
): number {
  return u32MulAdd(u32MulAdd(u32MulAdd(b, L, t), G, g), NQ, q);
}

/**
 * Checks that every index a scan of these sizes computes fits a u32 (the largest flat index of
 * each named array is its length − 1, and every intermediate of the index expressions is at
 * most that); a BackendError naming the array otherwise.
 */
export function checkU32Indices(op: string, lengths: Record<string, number>): void {
  for (const [name, n] of Object.entries(lengths)) {
    if (n > U32_LIMIT) {
      throw new BackendError(
        op,
        `${name} has ${n} elements: webgpu-wgsl indexes with u32, up to 2^32 (split the batch)`,
      );
    }
  }
}
