// The engine behind every plan: a forward complex DFT of one length on Float64Array pairs with
// base offsets, by whichever algorithm the cost model picks for that length.
import { chooseAlgorithm } from './algorithm-choice';
import { BluesteinPlan } from './bluestein-plan';
import { StockhamPlan } from './stockham-plan';

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

/** Builds the kernel for length n (n >= 1): Stockham passes for smooth n, Bluestein otherwise. */
export function createKernel(n: number): { kernel: DFTKernel; algorithm: KernelAlgorithm } {
  const choice = chooseAlgorithm(n);
  if (choice.kind === 'stockham')
    return { kernel: new StockhamPlan(n, choice.radices), algorithm: 'stockham' };
  return { kernel: new BluesteinPlan(n, choice.m), algorithm: 'bluestein' };
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
