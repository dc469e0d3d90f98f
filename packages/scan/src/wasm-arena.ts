// Regions of a wasm instance's linear memory for one kernel call: laid out front to back, each
// aligned to a cache line, the memory grown to fit; the next call lays out afresh (a scanner runs
// one call at a time: its methods are synchronous inside). The first bytes hold the arguments
// blocks the kernels read (wasm-locals.ts).
import { BackendError } from '@seqmod/tensor';

const PAGE = 65536;
const ALIGN = 64;
/** Bytes before the first region: arguments blocks. */
export const ARGS_BYTES = 1024;
/** memory32 addresses: at most 4 GiB. */
const MAX_BYTES = 2 ** 32 - PAGE;

export class WasmArena {
  private readonly memory: WebAssembly.Memory;
  private f32View: Float32Array | null = null;
  private i32View: Int32Array | null = null;

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
  }

  /**
   * Byte offsets of regions of the given sizes (in bytes), laid out after the arguments blocks;
   * grows the memory to hold them. `op` names the call in the error when it cannot.
   */
  layout<K extends string>(op: string, sizes: Record<K, number>): Record<K, number> {
    const out = {} as Record<K, number>;
    let at = ARGS_BYTES;
    for (const k of Object.keys(sizes) as K[]) {
      out[k] = at;
      at += Math.ceil(sizes[k] / ALIGN) * ALIGN;
    }
    if (at > MAX_BYTES) {
      throw new BackendError(
        op,
        `wasm-simd needs ${(at / 2 ** 20).toFixed(0)} MiB of linear memory for one batch row, over the 4 GiB of wasm32: pass fewer channels or a shorter sequence per call`,
      );
    }
    const have = this.memory.buffer.byteLength;
    if (at > have) {
      try {
        this.memory.grow(Math.ceil((at - have) / PAGE));
      } catch (e) {
        throw new BackendError(
          op,
          `wasm-simd could not grow its memory to ${(at / 2 ** 20).toFixed(0)} MiB: ${(e as Error).message}`,
        );
      }
    }
    return out;
  }

  /** A float view of the whole memory (renewed after growth, which detaches the old buffer). */
  get f32(): Float32Array {
    if (this.f32View?.buffer !== this.memory.buffer) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  get i32(): Int32Array {
    if (this.i32View?.buffer !== this.memory.buffer) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }

  /** Zeroes `bytes` bytes from byte offset `at` (a multiple of 4). */
  zero(at: number, bytes: number): void {
    this.f32.fill(0, at >> 2, (at + bytes) >> 2);
  }
}
