// seqmod's WebAssembly SIMD FFT module: the pass kernels of wasm-kernel-*.ts, emitted at runtime
// by @seqmod/tensor's encoder (no binary in the repository: the generators are the source), and
// one exported memory. Built, validated and compiled once per process, on first use.
//
// Size: about 3.6 KB, under the 4 KB that browsers compile synchronously on the main thread, so
// the module is compiled with `new WebAssembly.Module` the first time a plan asks for it and no
// transform ever waits or runs on a half-ready path. A test holds the size under the limit.
// Kernels that do not fit live in a second module that imports this one's memory
// (wasm-mixed-module.ts: the radix-3 and radix-5 passes and Bluestein's pointwise product),
// under the same limit and compiled the same way.
import { wasmEncoder } from '@seqmod/tensor';
import { firstPassKernel } from './wasm-kernel-first-pass';
import { deinterleaveKernel, interleaveKernel } from './wasm-kernel-layout';
import { radix4PassKernel } from './wasm-kernel-radix4';
import { realMergeKernel, realSplitKernel } from './wasm-kernel-real-split';

/** The module's exports; addresses and sizes in bytes, see each kernel's file for its arguments. */
export interface FFTKernels {
  mem: WebAssembly.Memory;
  /** first pass, radix 2 / 4 (wasm-kernel-first-pass.ts) */
  first2(xr: number, xi: number, yr: number, yi: number, tw: number, m: number, scale: number): void;
  first4(xr: number, xi: number, yr: number, yi: number, tw: number, m: number, scale: number): void;
  /**
   * first2 reading interleaved input at xr (xi ignored): the real FFT's packed signal. Radix 2
   * only: a radix-4 twin would take the module past 4 KB, and the real FFT of n = 2^odd (radix-4
   * first pass) already beats its complex FFT by 1.9x with a separate deinterleave sweep.
   */
  first2i(xr: number, xi: number, yr: number, yi: number, tw: number, m: number, scale: number): void;
  /** radix-4 pass, s >= 2 (wasm-kernel-radix4.ts) */
  radix4(xr: number, xi: number, yr: number, yi: number, tw: number, s: number, m: number): void;
  /** real FFT: Z -> X and X -> Z (wasm-kernel-real-split.ts) */
  realSplit(zr: number, zi: number, xr: number, xi: number, tw: number, h: number): void;
  realMerge(xr: number, xi: number, zr: number, zi: number, tw: number, h: number, scale: number): void;
  /** real FFT packing (wasm-kernel-layout.ts) */
  deinterleave(x: number, re: number, im: number, h: number): void;
  interleave(x: number, re: number, im: number, h: number): void;
}

let bytes: Uint8Array<ArrayBuffer> | null = null;

/** The module's bytes (built once). */
export function fftModuleBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= wasmEncoder.encodeModule({
    memory: { initialPages: 1, export: 'mem' },
    functions: [
      firstPassKernel(2, 'first2'),
      firstPassKernel(4, 'first4'),
      firstPassKernel(2, 'first2i', true),
      radix4PassKernel('radix4'),
      realSplitKernel('realSplit'),
      realMergeKernel('realMerge'),
      deinterleaveKernel('deinterleave'),
      interleaveKernel('interleave'),
    ],
  });
  return bytes;
}

let kernels: FFTKernels | null | undefined;

/**
 * The module's one instance, or null where the engine has no WebAssembly or no fixed-width SIMD
 * (WebAssembly.validate fails there), in which case every plan keeps the JavaScript passes.
 */
export function fftKernels(): FFTKernels | null {
  if (kernels === undefined) {
    kernels = null;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(fftModuleBytes())) {
        const instance = new WebAssembly.Instance(new WebAssembly.Module(fftModuleBytes()), {});
        kernels = instance.exports as unknown as FFTKernels;
      }
    } catch {
      kernels = null;
    }
  }
  return kernels;
}
