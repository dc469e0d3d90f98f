// Which passes the WebAssembly SIMD engine runs for a length n, and whether it can run n at all.
//
// Glossary
//   n       = 2^a·3^b·5^c with a >= 1: the lengths the wasm passes cover. The first pass (stride 1)
//           has radix 2 or 4 (wasm-kernel-first-pass.ts); every later pass needs an even stride
//           (its f64x2 lanes hold neighbouring q), which the factor 2 of the first pass provides.
//   radices the strided passes after the first: radix 4 for the remaining factors 2, then 3s, then
//           5s. Odd radices come last because their per-p twiddle loads are paid once per s/2
//           butterflies, so they run cheapest at the largest strides; 5 (four twiddles) after 3.
// Lengths with other prime factors, and odd lengths, are not covered (the JS passes, or Bluestein
// through a covered length, serve them).
import { primeFactors } from './factorize';

export interface WasmPassPlan {
  /** radix of the first pass: 2 when a is odd, else 4 */
  first: 2 | 4;
  /** radices of the strided passes, in order */
  radices: (3 | 4 | 5)[];
}

/** The wasm passes for n, or null when n is not 2^a·3^b·5^c with a >= 1. */
export function wasmPassPlan(n: number): WasmPassPlan | null {
  if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) return null;
  const primes = primeFactors(n);
  if (primes.some((p) => p > 5)) return null;
  const count = (p: number) => primes.filter((q) => q === p).length;
  const a = count(2);
  const first: 2 | 4 = a % 2 === 1 ? 2 : 4;
  const fours = (a - (first === 2 ? 1 : 2)) / 2;
  const radices: (3 | 4 | 5)[] = [
    ...Array<4>(fours).fill(4),
    ...Array<3>(count(3)).fill(3),
    ...Array<5>(count(5)).fill(5),
  ];
  return { first, radices };
}

/** Whether the wasm passes cover n. */
export const wasmCovers = (n: number): boolean => wasmPassPlan(n) !== null;
