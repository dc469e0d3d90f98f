// The engine behind every plan: a forward complex DFT of one length on Float64Array pairs with
// base offsets, by whichever algorithm the cost model picks for that length.
import { chooseAlgorithm } from './algorithm-choice';
import { type FFTBackend, type FFTPlanOptions, wantsWasm, wasmAllowed } from './backend-choice';
import { BluesteinPlan } from './bluestein-plan';
import { StockhamPlan } from './stockham-plan';
import { WasmBluesteinPlan } from './wasm-bluestein-plan';
import { WasmComplexKernel } from './wasm-complex-kernel';

/**
 * A forward DFT of fixed length n: x[xo .. xo+n) -> y[yo .. yo+n). Every kernel reads its whole
 * input before writing any output, so x and y may overlap in any way (in place included).
 */
export interface DFTKernel {
  readonly n: number;
  forward(
    xr: Float64Array,
    xi: Float64Array,
    xo: number,
    yr: Float64Array,
    yi: Float64Array,
    yo: number,
  ): void;
}

/** Which algorithm a kernel uses, for plans to report. */
export type KernelAlgorithm = 'stockham' | 'bluestein';

/**
 * Builds the kernel for length n (n >= 1): the wasm SIMD passes for 2^a·3^b·5^c (a >= 1) where they
 * apply (backend-choice.ts), else Stockham passes for smooth n and Bluestein for the rest (its
 * convolution on the wasm passes where the cost model prefers it, algorithm-choice.ts).
 */
export function createKernel(
  op: string,
  n: number,
  options?: FFTPlanOptions,
): { kernel: DFTKernel; algorithm: KernelAlgorithm; backend: FFTBackend } {
  if (wantsWasm(op, n, false, options)) {
    const kernel = WasmComplexKernel.create(n);
    if (kernel !== null) return { kernel, algorithm: 'stockham', backend: 'wasm-simd' };
  }
  const choice = chooseAlgorithm(n, wasmAllowed(op, options));
  if (choice.kind === 'stockham')
    return { kernel: new StockhamPlan(n, choice.radices), algorithm: 'stockham', backend: 'js' };
  if (choice.wasm) {
    const kernel = WasmBluesteinPlan.create(n, choice.m);
    if (kernel !== null) return { kernel, algorithm: 'bluestein', backend: 'wasm-simd' };
    // linear memory could not grow: the JS passes' own best choice
    return createKernel(op, n, { backend: 'js' });
  }
  return { kernel: new BluesteinPlan(n, choice.m), algorithm: 'bluestein', backend: 'js' };
}

/**
 * Unnormalised inverse DFT through the forward kernel by the swap identity
 * IDFT(z) = swap(DFT(swap(z))), swap(a + ib) = b + ia: passing (im, re) for (re, im) on both sides.
 */
export function inverseUnscaled(
  kernel: DFTKernel,
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  yr: Float64Array,
  yi: Float64Array,
  yo: number,
): void {
  kernel.forward(xi, xr, xo, yi, yr, yo);
}
