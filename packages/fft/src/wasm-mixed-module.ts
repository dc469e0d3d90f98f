// seqmod's second WebAssembly SIMD FFT module: the radix-3 and radix-5 passes that extend the
// power-of-two kernels to lengths 2^a·3^b·5^c (a >= 1), and the pointwise product of Bluestein's
// algorithm. It imports the first module's memory (wasm-fft-module.ts), so both work on the same
// tables and work area and no data is copied between them.
//
// Why a second module: each stays under the 4 KB that browsers compile synchronously on the main
// thread (the first module is about 3.6 KB), so both are compiled with `new WebAssembly.Module`
// on first use and no transform waits. A test holds each under the limit.
import { wasmEncoder } from '@seqmod/tensor';
import { type FFTKernels, fftKernels } from './wasm-fft-module';
import { pointwiseKernel } from './wasm-kernel-pointwise';
import { radix3PassKernel } from './wasm-kernel-radix3';
import { radix5PassKernel } from './wasm-kernel-radix5';

/** The second module's exports; arguments as FFTKernels.radix4 (wasm-kernel-pass.ts). */
export interface MixedKernels {
  radix3(xr: number, xi: number, yr: number, yi: number, tw: number, s: number, m: number): void;
  radix5(xr: number, xi: number, yr: number, yi: number, tw: number, s: number, m: number): void;
  /** y = (Re(x·w), sign·Im(x·w)) pointwise (wasm-kernel-pointwise.ts) */
  pointwise(
    xr: number,
    xi: number,
    wr: number,
    wi: number,
    yr: number,
    yi: number,
    n: number,
    sign: number,
  ): void;
}

/** Where the module finds the first module's memory: imports[MODULE][FIELD]. */
const MODULE = 'fft';
const FIELD = 'mem';

let bytes: Uint8Array<ArrayBuffer> | null = null;

/** The module's bytes (built once). */
export function mixedModuleBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= wasmEncoder.encodeModule({
    importMemory: { module: MODULE, name: FIELD, initialPages: 1 },
    functions: [radix3PassKernel('radix3'), radix5PassKernel('radix5'), pointwiseKernel('pointwise')],
  });
  return bytes;
}

let kernels: MixedKernels | null | undefined;

/**
 * The instance bound to the first module's memory, or null where that module is unavailable or
 * this one fails to compile (then lengths with factors 3 and 5 keep the JS passes).
 */
export function mixedKernels(): MixedKernels | null {
  if (kernels === undefined) {
    kernels = null;
    const first: FFTKernels | null = fftKernels();
    try {
      if (first !== null && WebAssembly.validate(mixedModuleBytes())) {
        const imports = { [MODULE]: { [FIELD]: first.mem } };
        const instance = new WebAssembly.Instance(new WebAssembly.Module(mixedModuleBytes()), imports);
        kernels = instance.exports as unknown as MixedKernels;
      }
    } catch {
      kernels = null;
    }
  }
  return kernels;
}
