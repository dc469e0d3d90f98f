// The `wasm-simd` backend's engine: one instance of seqmod's wasm scan module (its own linear
// memory) and the four scans on host arrays. Not gpu.js: hand-written kernels that keep a
// running state per channel, which gpu.js's one-output-per-thread model cannot express.
import type { LinearScanArrays } from './reference-linear-scan';
import type { SelectiveScanArrays, SelectiveScanCotangents } from './reference-selective-scan';
import type { LinearScanShape, SelectiveScanShape } from './scan-shapes';
import { WasmArena } from './wasm-arena';
import { type LinearBackwardResult, linearBackwardWasm, linearForwardWasm } from './wasm-linear-run';
import { instantiateScanModule, type ScanKernels } from './wasm-scan-module';
import { type SelectiveBackwardResult, selectiveBackwardWasm } from './wasm-selective-backward-run';
import { type SelectiveForwardResult, selectiveForwardWasm } from './wasm-selective-forward-run';

export class WasmScanEngine {
  /** Kernel calls so far. */
  calls = 0;
  private readonly kernels: ScanKernels;
  private readonly arena: WasmArena;

  private constructor(kernels: ScanKernels) {
    this.kernels = kernels;
    this.arena = new WasmArena(kernels.mem);
  }

  static async create(): Promise<WasmScanEngine> {
    return new WasmScanEngine(await instantiateScanModule());
  }

  selectiveForward(x: SelectiveScanArrays, s: SelectiveScanShape): SelectiveForwardResult {
    const r = selectiveForwardWasm(this.kernels, this.arena, x, s);
    this.calls += r.calls;
    return r;
  }

  selectiveBackward(
    x: SelectiveScanArrays,
    g: SelectiveScanCotangents,
    s: SelectiveScanShape,
  ): SelectiveBackwardResult {
    const r = selectiveBackwardWasm(this.kernels, this.arena, x, g, s);
    this.calls += r.calls;
    return r;
  }

  linearForward(x: LinearScanArrays, s: LinearScanShape): Float32Array {
    this.calls += s.batch;
    return linearForwardWasm(this.kernels, this.arena, x, s);
  }

  linearBackward(x: LinearScanArrays, gh: ArrayLike<number>, s: LinearScanShape): LinearBackwardResult {
    this.calls += 2 * s.batch;
    return linearBackwardWasm(this.kernels, this.arena, x, gh, s);
  }
}
