// Which engine runs a plan's transforms: seqmod's WebAssembly SIMD passes (lengths 2^a·3^b·5^c
// with a >= 1, where the engine has wasm SIMD) or the plain-JS passes (every length, every engine).
//
// Glossary
//   'wasm-simd'  wasm-complex-kernel.ts / wasm-real-kernel.ts: f64x2 radix-2/3/4/5 Stockham passes
//                in linear memory, for the lengths wasm-pass-plan.ts covers from WASM_MIN_* up
//                (the real FFT: n/2 covered); and Bluestein with its convolution on them
//                (wasm-bluestein-plan.ts) for large primes and the like, where the cost model
//                prefers it (README, benchmark)
//   'js'         stockham-plan.ts, bluestein-plan.ts, real-plan.ts: the fallback, and the engine
//                of the other lengths (odd lengths, factors 7, 11, ... that Bluestein does not win)
//   'auto'       the default request: wasm-simd where it applies, js elsewhere
import { ValueError } from './errors';
import { fftKernels } from './wasm-fft-module';
import { wasmCovers } from './wasm-pass-plan';

/** The engine a plan runs on (its `backend` property). */
export type FFTBackend = 'wasm-simd' | 'js';

/** Options of `new FFTPlan(n, options)` and `new RealFFTPlan(n, options)`. */
export interface FFTPlanOptions {
  /**
   * 'auto' (default): wasm-simd where the engine has WebAssembly SIMD and the length allows it
   * (README, "How it works"), js otherwise. 'js': always the plain-JS passes (for comparison, or where compiling wasm at run
   * time is unwanted).
   */
  backend?: 'auto' | 'js';
}

/**
 * Shortest complex length the wasm passes run: below it the copies into linear memory and the
 * calls cost as much as the JS passes save (at n = 16 the two were even, at 32 wasm took 0.7x the
 * time; Node 20, the README's machine).
 */
export const WASM_MIN_COMPLEX = 32;
/**
 * Shortest real length the wasm path runs: its O(n) steps are in wasm too, so it pays off sooner
 * (0.8-0.9x the JS time at n = 8 and 16).
 */
export const WASM_MIN_REAL = 16;

/**
 * Whether the options allow the wasm passes and this engine has them (throws ValueError, naming
 * `op`, for an unknown backend).
 */
export function wasmAllowed(op: string, options: FFTPlanOptions | undefined): boolean {
  const backend = options?.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'js') {
    throw new ValueError(op, `backend must be 'auto' or 'js', got ${String(backend)}`);
  }
  return backend === 'auto' && hasWasmFFT();
}

/**
 * Whether a transform of length n of the given kind should run directly on the wasm passes: n
 * (complex) or n/2 (real, through the half-length transform) of the form 2^a·3^b·5^c, a >= 1.
 */
export function wantsWasm(
  op: string,
  n: number,
  real: boolean,
  options: FFTPlanOptions | undefined,
): boolean {
  if (n < (real ? WASM_MIN_REAL : WASM_MIN_COMPLEX)) return false;
  if (!(real ? n % 2 === 0 && wasmCovers(n / 2) : wasmCovers(n))) return false;
  return wasmAllowed(op, options);
}

/** Whether this engine runs the WebAssembly SIMD FFT (compiles the module on first call). */
export function hasWasmFFT(): boolean {
  return fftKernels() !== null;
}
