// Dropout on attention probabilities with a counter-based mask.
//
// The tiled kernel never holds the probability matrix, and its backward pass recomputes each
// tile, so it must be able to regenerate the dropout decision of any (row, key) pair on demand.
// A sequential generator (as @seqmod/nn's dropout uses) cannot do that; a hash of
// (seed, row, key) can (FlashAttention uses the counter-based Philox generator for the same
// reason). The plain path uses the same hash, so both paths drop exactly the same entries and
// can be tested equal with dropout on.
//
// row = (b·H + h)·Lq + i for query row i of head h in batch b; key = j.
import { allocate, type DType, fromArray, type Tensor, ValueError } from '@seqmod/tensor';

export interface AttentionDropout {
  /** Probability of dropping each attention probability, in [0, 1). */
  p: number;
  /** Seed of the mask; the same seed gives the same mask. */
  seed: number;
}

/** A 32-bit integer finaliser with good avalanche (the "lowbias32" constants of Chris Wellons' hash-prospector). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The per-row part of the hash, computed once per row and reused across its keys. */
export function dropoutRowKey(seed: number, row: number): number {
  const hi = Math.floor(row / 4294967296) >>> 0;
  return mix32((mix32((seed >>> 0) ^ 0x9e3779b9) + mix32(row >>> 0) + Math.imul(hi, 0x85ebca6b)) >>> 0);
}

/** Uniform in [0, 1) for (row, key), from the row's key. */
export function dropoutUniform(rowKey: number, key: number): number {
  return mix32((rowKey ^ mix32((key >>> 0) + 0x6a09e667)) >>> 0) / 4294967296;
}

export function checkDropout(op: string, d: AttentionDropout | undefined): AttentionDropout | null {
  if (!d || d.p === 0) return null;
  if (!(d.p > 0 && d.p < 1)) throw new ValueError(op, `dropout p must be in [0, 1), got ${d.p}`);
  if (!Number.isFinite(d.seed))
    throw new ValueError(op, `dropout seed must be a finite number, got ${d.seed}`);
  return d;
}

/**
 * The dense dropout multiplier [B, H, Lq, Lk]: 0 for dropped entries, 1/(1 − p) for kept ones.
 * For the plain path (which holds the full matrix anyway) and tests.
 */
export function attentionDropoutMask(
  dims: { B: number; H: number; Lq: number; Lk: number },
  d: AttentionDropout,
  dtype: DType,
): Tensor {
  const { B, H, Lq, Lk } = dims;
  const out = allocate(dtype, B * H * Lq * Lk);
  const scale = 1 / (1 - d.p);
  for (let row = 0; row < B * H * Lq; row++) {
    const rk = dropoutRowKey(d.seed, row);
    const base = row * Lk;
    for (let j = 0; j < Lk; j++) out[base + j] = dropoutUniform(rk, j) >= d.p ? scale : 0;
  }
  return fromArray(out, [B, H, Lq, Lk]);
}
