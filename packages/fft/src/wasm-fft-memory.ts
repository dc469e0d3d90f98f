// The linear memory of the wasm FFT module: twiddle tables, resident for the life of the process
// and shared by every plan that needs them, and one work area that every transform uses in turn.
//
// Why shared and not per plan: wasm memory never shrinks, and a plan dropped from the plan cache
// could not hand its tables back. But the tables of the passes depend only on the radix and the
// length of the pass (the radix-4 pass over sub-transforms of length L has the same twiddles in
// every plan), so keyed by them the tables of powers of two add up to at most about twice those of
// the largest plan ever built (each other smooth length a program uses adds its own; there are
// few of them); and the work area is replaced by a larger one only when a larger plan comes, so the
// memory stays within a small multiple of what the largest plan needs. Transforms run one at a
// time (they are synchronous), so one work area serves them all.
// Tables that belong to one plan and not to a length (Bluestein's chirps and filter spectrum,
// which differ for every n) go to a single slot instead: the plan that runs copies its tables
// in when the slot holds another plan's, so alternating plans pay a copy (cheap next to their
// transforms) and the memory holds the tables of one plan, not of every plan ever built.
//
// Layout: a bump allocator from address 0, regions aligned to a cache line.
import type { FFTKernels } from './wasm-fft-module';

const PAGE = 65536;
const ALIGN = 64;
/** Doubles of padding after each work region: the first pass of n <= 4 writes up to 4 past n. */
export const WORK_PAD = 8;

/** Byte addresses of the two work buffers, each a real and an imaginary region. */
export interface WorkArea {
  /** doubles per region, padding excluded */
  capacity: number;
  are: number;
  aim: number;
  bre: number;
  bim: number;
}

export class FFTMemory {
  private top = 0;
  private view: Float64Array;
  /**
   * Bumped whenever the memory grows (which detaches every view of the old buffer). Only `alloc`
   * grows it, so views need no check of `memory.buffer`, a getter that costs about 0.1 µs per
   * read in V8: more than a whole transform of 16 points.
   */
  generation = 0;
  private area: WorkArea | null = null;
  private readonly tables = new Map<string, number>();
  private slotAt = 0;
  private slotDoubles = 0;
  private slotOwner: object | null = null;

  constructor(private readonly memory: WebAssembly.Memory) {
    this.view = new Float64Array(memory.buffer);
  }

  /** A view of the whole memory as doubles (renewed by `alloc` after growth). */
  get f64(): Float64Array {
    return this.view;
  }

  /** A new region of `bytes` bytes; null when the memory cannot grow to hold it. */
  private alloc(bytes: number): number | null {
    const at = this.top;
    const end = at + Math.ceil(bytes / ALIGN) * ALIGN;
    // memory32 addresses stop at 4 GiB; engines may refuse less
    if (end > 2 ** 32 - PAGE) return null;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        return null;
      }
      this.view = new Float64Array(this.memory.buffer);
      this.generation++;
    }
    this.top = end;
    return at;
  }

  /**
   * The work area, grown to hold at least `doubles` doubles per region; null when the memory
   * cannot grow that far. Valid until the next call that asks for more.
   */
  work(doubles: number): WorkArea | null {
    if (this.area !== null && this.area.capacity >= doubles) return this.area;
    const region = Math.ceil(((doubles + WORK_PAD) * 8) / ALIGN) * ALIGN;
    const at = this.alloc(4 * region);
    if (at === null) return null;
    this.area = { capacity: doubles, are: at, aim: at + region, bre: at + 2 * region, bim: at + 3 * region };
    return this.area;
  }

  /**
   * The byte address of the table named `key`, built by `fill` into `doubles` doubles on first
   * request; null when the memory cannot grow to hold it.
   */
  table(key: string, doubles: number, fill: (out: Float64Array) => void): number | null {
    const hit = this.tables.get(key);
    if (hit !== undefined) return hit;
    const at = this.alloc(8 * doubles);
    if (at === null) return null;
    fill(this.f64.subarray(at / 8, at / 8 + doubles));
    this.tables.set(key, at);
    return at;
  }

  /**
   * The byte address of the plan slot holding `owner`'s `doubles` doubles: when the slot holds
   * another owner's data (or is too small, then it is replaced by a larger one), `fill` writes
   * them first. Null when the memory cannot grow to hold them. Valid until the next call.
   */
  slot(owner: object, doubles: number, fill: (out: Float64Array) => void): number | null {
    if (this.slotOwner === owner && this.slotDoubles >= doubles) return this.slotAt;
    if (this.slotDoubles < doubles) {
      const at = this.alloc(8 * doubles);
      if (at === null) return null;
      this.slotAt = at;
      this.slotDoubles = doubles;
    }
    fill(this.f64.subarray(this.slotAt / 8, this.slotAt / 8 + doubles));
    this.slotOwner = owner;
    return this.slotAt;
  }

  /** Bytes of linear memory in use (tables and work areas). */
  get bytesUsed(): number {
    return this.top;
  }
}

let shared: FFTMemory | null = null;

/** The memory of the process-wide module instance. */
export function fftMemory(kernels: FFTKernels): FFTMemory {
  shared ??= new FFTMemory(kernels.mem);
  return shared;
}
