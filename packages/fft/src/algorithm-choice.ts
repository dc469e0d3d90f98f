// Which algorithm computes a length-n DFT: the Stockham passes of its prime factors directly, or
// Bluestein's chirp-z convolution through a larger smooth length M >= 2n - 2.
//
// Glossary
//   n        transform length
//   M        Bluestein convolution length: a 5-smooth number (2^a·3^b·5^c) >= 2n - 2
//   cost     an estimate in nanoseconds on one core, from measured per-point, per-pass times of the
//            pass kernels (2/3/4/5/8 about 4.7/5.4/5.0/7.5/6.5 ns per point; an O(r²) odd-radix
//            pass about 5 + 2.2·r ns per point; 3 more per point for the layout conversions of
//            non-power-of-two plans). Only the ratios matter.
//   wasm     the WebAssembly SIMD passes (lengths 2^a·3^b·5^c, a >= 1; wasm-pass-plan.ts): per
//            point a radix-4 pass costs about 0.93 ns at 2^11, growing by 0.2 ns per doubling of
//            the length as the data outgrows the caches (2.7 at 2^20; 0.8 at least); radix 3
//            1.1 times that, radix 5 1.75 times, the first pass 0.9 (radix 2) or 1.1 (radix 4)
//            times; plus 0.5 per point for the copies in and out and about 0.4 µs of calls per
//            transform, 0.8 per point for a pointwise product (measured on the README's machine:
//            transforms of 2^11 .. 2^20 and Bluestein at n = 17 .. 45056). So Bluestein through a
//            smooth M on them beats both JS options for large primes, and also the JS O(r²)
//            passes of n = 7·2^k, 11·2^k, ... up to a few thousand points.
import { passRadices } from './factorize';
import { wasmPassPlan } from './wasm-pass-plan';

/** Estimated cost per point of one pass of radix r (ns on the reference machine). */
function passCost(r: number): number {
  switch (r) {
    case 2:
      return 4.7;
    case 3:
      return 5.4;
    case 4:
      return 5.0;
    case 5:
      return 7.5;
    case 8:
      return 6.5;
    default:
      return 5 + 2.2 * r;
  }
}

/** Estimated cost of a Stockham transform through the given passes. */
export function stockhamCost(n: number, radices: readonly number[]): number {
  let c = 0;
  for (const r of radices) c += passCost(r);
  // Plans that are not pure radix 8/4 also interleave and de-interleave their data (two light
  // sweeps); a floor per transform covers the call and loop set-up of tiny lengths.
  if (!radices.every((r) => r === 4 || r === 8)) c += 3;
  return n * c + 50;
}

/** Estimated cost of a Bluestein transform of length n through a Stockham transform of length M. */
export function bluesteinCost(n: number, M: number): number {
  // two length-M transforms, the chirp products on n points (x2) and the spectrum product on M
  return 2 * stockhamCost(M, passRadices(M)) + 6 * n + 4 * M;
}

/**
 * The cheapest 5-smooth length >= min (even when `even` is set) by the cost model. Searches every
 * 2^a·3^b·5^c up to the next power of two at or above min, which is always a candidate.
 * Used for Bluestein's M and for the padded length of an FFT convolution.
 */
export function fastLength(min: number, even = false): number {
  const target = Math.max(min, even ? 2 : 1);
  let pow2 = 1;
  while (pow2 < target) pow2 *= 2;
  let best = pow2;
  let bestCost = stockhamCost(pow2, passRadices(pow2));
  for (let a = even ? 2 : 1; a <= pow2; a *= 2) {
    for (let b = a; b <= pow2; b *= 3) {
      for (let c = b; c <= pow2; c *= 5) {
        if (c < target) continue;
        const cost = stockhamCost(c, passRadices(c));
        if (cost < bestCost) {
          best = c;
          bestCost = cost;
        }
      }
    }
  }
  return best;
}

/**
 * Estimated cost per point of a wasm radix-4 pass over M points (ns on the reference machine):
 * flat while the data fits the caches, then growing with log2 M.
 */
function wasmRadix4Cost(M: number): number {
  return Math.max(0.8, 0.93 + 0.2 * (Math.log2(M) - 11));
}

/** Cost of a pass of radix r relative to a radix-4 pass of the same length. */
const WASM_RELATIVE = { 3: 1.1, 4: 1, 5: 1.75 } as const;

/**
 * Estimated cost of a transform of length M on the wasm SIMD passes, calls and copies included;
 * Infinity where they do not cover M.
 */
export function wasmStockhamCost(M: number): number {
  const plan = wasmPassPlan(M);
  if (plan === null) return Number.POSITIVE_INFINITY;
  let c = plan.first === 2 ? 0.9 : 1.1;
  for (const r of plan.radices) c += WASM_RELATIVE[r];
  return M * (c * wasmRadix4Cost(M) + 0.5) + 400;
}

/**
 * The cheapest length >= min that the wasm passes cover (2^a·3^b·5^c, a >= 1), by
 * wasmStockhamCost; with `real`, the cheapest even length whose half they cover (for a real FFT
 * of that length), by the cost of the half-length transform. The next power of two is always a
 * candidate.
 */
export function wasmFastLength(min: number, real = false): number {
  const unit = real ? 4 : 2;
  const target = Math.max(min, unit);
  const cost = (L: number) => wasmStockhamCost(real ? L / 2 : L);
  let pow2 = unit;
  while (pow2 < target) pow2 *= 2;
  let best = pow2;
  let bestCost = cost(pow2);
  for (let a = unit; a <= pow2; a *= 2) {
    for (let b = a; b <= pow2; b *= 3) {
      for (let c = b; c <= pow2; c *= 5) {
        if (c < target) continue;
        const k = cost(c);
        if (k < bestCost) {
          best = c;
          bestCost = k;
        }
      }
    }
  }
  return best;
}

/** Estimated cost of Bluestein with a convolution of length M on the wasm passes, products included. */
export function wasmBluesteinCost(n: number, M: number): number {
  // three pointwise products, the zero fill and the copies: 0.8 per point, 0.3 µs of calls
  return 2 * wasmStockhamCost(M) + 0.8 * (2 * n + M) + 300;
}

/** `wasm`: the convolution runs on the wasm SIMD passes (M is then covered by them). */
export type Algorithm =
  | { kind: 'stockham'; radices: number[] }
  | { kind: 'bluestein'; m: number; wasm: boolean };

/**
 * Chooses the algorithm for a length-n complex DFT (n >= 1) on the JS passes, or with `wasm` also
 * considering Bluestein on the wasm passes (the lengths the wasm passes cover are the caller's:
 * they run on them directly).
 */
export function chooseAlgorithm(n: number, wasm = false): Algorithm {
  const radices = passRadices(n);
  if (n <= 4) return { kind: 'stockham', radices };
  const direct = stockhamCost(n, radices);
  const m = fastLength(2 * n - 2);
  const js = bluesteinCost(n, m);
  // Only lengths with a prime factor above 5 try the wasm convolution: for odd 5-smooth lengths
  // the JS radix-3/5 passes measured 5-35% faster than it (n = 243 .. 59049), which the two
  // models, calibrated separately, do not resolve that finely.
  if (wasm && radices.some((r) => r > 5 && r !== 8)) {
    const M = wasmFastLength(2 * n - 2);
    if (wasmBluesteinCost(n, M) < Math.min(direct, js)) return { kind: 'bluestein', m: M, wasm: true };
  }
  return direct <= js ? { kind: 'stockham', radices } : { kind: 'bluestein', m, wasm: false };
}
