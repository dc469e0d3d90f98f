// seqmod's WebAssembly SIMD scan module: the kernels of wasm-kernel-*.ts, emitted at runtime by
// @seqmod/tensor's encoder (no binary in the repository: the generators are the source), one
// exported memory, compiled once per process and instantiated once per scanner (each scanner has
// its own memory).
//
// Size: about 16 KB (the exp, softplus and sigmoid are inlined four chains wide at each use, see
// wasm-simd-math.ts), over the 4 KB that Chromium compiles synchronously on the main thread, so
// the module is compiled asynchronously (createScanner is async anyway); availability is decided
// with WebAssembly.validate, which has no size limit and fails where SIMD is missing.
import { wasmEncoder } from '@seqmod/tensor';
import { linearBackwardKernel, linearForwardKernel } from './wasm-kernel-linear';
import { selectiveBackwardKernel } from './wasm-kernel-selective-backward';
import { selectiveForwardKernel } from './wasm-kernel-selective-forward';

export interface ScanKernels {
  /** selective forward of one tile (wasm-kernel-selective-forward.ts) */
  ssf(args: number): void;
  /** selective backward of one tile (wasm-kernel-selective-backward.ts) */
  ssb(args: number): void;
  /** linear forward / backward (wasm-kernel-linear.ts) */
  lsf(args: number): void;
  lsb(args: number): void;
  mem: WebAssembly.Memory;
}

let bytes: Uint8Array<ArrayBuffer> | null = null;

/** The module's bytes (built once). */
export function scanModuleBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= wasmEncoder.encodeModule({
    memory: { initialPages: 1, export: 'mem' },
    functions: [
      selectiveForwardKernel('ssf'),
      selectiveBackwardKernel('ssb'),
      linearForwardKernel('lsf'),
      linearBackwardKernel('lsb'),
    ],
  });
  return bytes;
}

/** Whether this engine runs the module (WebAssembly with fixed-width SIMD). */
export function isWasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(scanModuleBytes());
  } catch {
    return false;
  }
}

let compiled: Promise<WebAssembly.Module> | null = null;

/** A fresh instance (its own memory) of the compiled module. */
export async function instantiateScanModule(): Promise<ScanKernels> {
  compiled ??= WebAssembly.compile(scanModuleBytes());
  const instance = await WebAssembly.instantiate(await compiled);
  return instance.exports as unknown as ScanKernels;
}
