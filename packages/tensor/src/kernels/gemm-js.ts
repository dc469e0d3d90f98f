// The plain-JS matrix multiply: reads operands in place for small products, packs them for
// large ones (packing costs O(mk + kn) copies, repaid once there are enough multiply-adds).
// Both accumulate in float64, so float32 results round once, on the store.

import type { FloatArray, GemmArgs } from './gemm-args';
import { gemmJsDirect } from './gemm-js-direct';
import { gemmJsPacked } from './gemm-js-packed';

/** m·n·k from which packing pays (measured with bench/tune-gemm.ts). */
export const JS_PACK_MIN_MACS = 48 ** 3;

export function gemmJs<T extends FloatArray>(args: GemmArgs<T>): void {
  if (args.m * args.n * args.k < JS_PACK_MIN_MACS || args.m < 8) gemmJsDirect(args);
  else gemmJsPacked(args);
}
