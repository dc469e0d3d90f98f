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
//   wasm     the WebAssembly SIMD passes (powers of two only): about 2 ns per point per radix-4
//            pass (1.1 at 2^10 to 2.7 at 2^20, where memory bandwidth limits them), so Bluestein
//            through a power-of-two M on them can beat both JS options for large primes.
import { passRadices } from './factorize';

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

/** Estimated cost of the wasm SIMD passes on a power of two P, calls and copies included. */
export function wasmStockhamCost(P: number): number {
  return P * 2 * Math.ceil(Math.log2(P) / 2) + 300;
}

/** Estimated cost of Bluestein through the wasm passes on a power of two M (products in JS). */
export function wasmBluesteinCost(n: number, M: number): number {
  return 2 * wasmStockhamCost(M) + 6 * n + 4 * M;
}

/** `wasm`: the convolution runs on the wasm SIMD passes (M is then a power of two). */
export type Algorithm =
  | { kind: 'stockham'; radices: number[] }
  | { kind: 'bluestein'; m: number; wasm: boolean };

/**
 * Chooses the algorithm for a length-n complex DFT (n >= 1) on the JS passes, or with `wasm` also
 * considering Bluestein on the wasm passes (powers of two themselves are the caller's: they run on
 * the wasm passes directly).
 */
export function chooseAlgorithm(n: number, wasm = false): Algorithm {
  const radices = passRadices(n);
  if (n <= 4) return { kind: 'stockham', radices };
  const direct = stockhamCost(n, radices);
  const m = fastLength(2 * n - 2);
  const js = bluesteinCost(n, m);
  if (wasm) {
    let M = 1;
    while (M < 2 * n - 2) M *= 2;
    if (wasmBluesteinCost(n, M) < Math.min(direct, js)) return { kind: 'bluestein', m: M, wasm: true };
  }
  return direct <= js ? { kind: 'stockham', radices } : { kind: 'bluestein', m, wasm: false };
}
