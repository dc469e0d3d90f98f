// Padded lengths for callers that may choose their transform length (padding for an FFT
// convolution, `nextFastLength`): the cheapest length >= a minimum on the engine that will run it.
//
// Where the engine has WebAssembly SIMD the candidates are the lengths the wasm passes cover
// (2^a·3^b·5^c, a >= 1; for a real FFT, lengths whose half is covered), priced by their cost
// model; elsewhere the JS passes' 5-smooth lengths by theirs (algorithm-choice.ts). Either way the
// next power of two (at least 2; 4 for a real FFT on wasm) is a candidate, so the result is at
// most that.
import { fastLength, wasmFastLength } from './algorithm-choice';
import { hasWasmFFT } from './backend-choice';

/**
 * The cheapest length >= n of the form 2^a·3^b·5^c for a complex FFT on this engine (even when
 * `even` is set; on the wasm engine every such length is even).
 */
export function nextFastLength(n: number, even = false): number {
  return hasWasmFFT() ? wasmFastLength(n) : fastLength(n, even);
}

/** The cheapest even length >= n for a real FFT on this engine. */
export function nextFastRealLength(n: number): number {
  return hasWasmFFT() ? wasmFastLength(n, true) : fastLength(n, true);
}
