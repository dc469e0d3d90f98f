// The JS side of the WebAssembly SIMD matrix multiply: cache blocking (GotoBLAS loop order
// jc → pc → ic) and moving data in and out of linear memory; the tile loops and the packing
// rearrangement run in wasm.
//
// Operands live in JS typed arrays with arbitrary strides, so they must be copied into linear
// memory anyway. Where an operand block has a unit stride, it is staged with TypedArray.set (a
// memcpy per contiguous run) and packed by the wasm pack kernel; otherwise JS packs it element by
// element. C accumulates in a padded buffer in linear memory and is copied to the caller's array
// at the end.
//
// Padding: panels past the matrix edge (rows ≥ m of A, columns ≥ n of B) may hold any finite
// value, since they only feed the padding rows and columns of the C buffer, never copied out.

import type { FloatArray, GemmArgs } from './gemm-args';
import { buildGemmModule, DEFAULT_GEMM_SHAPE, type GemmModuleShape, kernelNames } from './gemm-wasm-module';

/** Cache block sizes in elements: kc × nc of packed B stays in L2/L3, mc × kc of packed A in L2. */
export interface GemmBlocking {
  kc: number;
  mc: number;
  nc: number;
}

export const DEFAULT_BLOCKING: { f32: GemmBlocking; f64: GemmBlocking } = {
  f32: { kc: 256, mc: 128, nc: 2048 },
  f64: { kc: 128, mc: 128, nc: 1024 },
};

type MacroFn = (
  mc: number,
  nc: number,
  kc: number,
  aPack: number,
  bPack: number,
  c: number,
  ldc: number,
  load: number,
) => void;
type PackFn = (
  src: number,
  groups: number,
  groupStride: number,
  innerStride: number,
  kc: number,
  stepStride: number,
  dst: number,
) => void;

interface DtypeKernels {
  bytes: 4 | 8;
  mr: number;
  nr: number;
  macro: MacroFn;
  packA: PackFn;
  packB: PackFn;
}

const PAGE_BYTES = 65536;
/** Region starts are aligned to a cache line. */
const ALIGN_BYTES = 64;
/**
 * A TypedArray.set call costs about as much as 64 element copies in a JS loop (measured in V8),
 * so shorter contiguous runs are copied, and packed, element by element.
 */
const MIN_SET_RUN = 64;

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** Elements of a rows × cols buffer once padded to whole mr × nr tiles. */
function paddedSize(rows: number, cols: number, mr: number, nr: number): number {
  return roundUp(rows, mr) * roundUp(cols, nr);
}

/** One operand block: X[w, p] = src[offset + w·wStride + p·kStride], w < len, p < kc. */
interface Block {
  src: FloatArray;
  offset: number;
  wStride: number;
  kStride: number;
  len: number;
  kc: number;
}

/** One compiled module instance with its memory; reused across calls, grown on demand. */
export class WasmGemm {
  private readonly memory: WebAssembly.Memory;
  private readonly f32: DtypeKernels;
  private readonly f64: DtypeKernels;
  private f32View: Float32Array;
  private f64View: Float64Array;

  constructor(
    module: WebAssembly.Module,
    readonly shape: GemmModuleShape = DEFAULT_GEMM_SHAPE,
    readonly blocking = DEFAULT_BLOCKING,
  ) {
    const exports = new WebAssembly.Instance(module, {}).exports;
    this.memory = exports['mem'] as WebAssembly.Memory;
    const kernels = (dtype: 'f32' | 'f64', bytes: 4 | 8): DtypeKernels => {
      const names = kernelNames(dtype);
      const tile = shape[dtype];
      return {
        bytes,
        mr: tile.mr,
        nr: (tile.nv * 16) / bytes,
        macro: exports[names.macro] as MacroFn,
        packA: exports[names.packA] as PackFn,
        packB: exports[names.packB] as PackFn,
      };
    };
    this.f32 = kernels('f32', 4);
    this.f64 = kernels('f64', 8);
    this.f32View = new Float32Array(this.memory.buffer);
    this.f64View = new Float64Array(this.memory.buffer);
  }

  /**
   * Compiles synchronously: the module is about 2 KB, under the browsers' 4 KB main-thread
   * limit. `maximumPages` caps linear memory (64 KiB pages), for tests of the fallback.
   */
  static compile(
    shape: GemmModuleShape = DEFAULT_GEMM_SHAPE,
    blocking = DEFAULT_BLOCKING,
    maximumPages?: number,
  ): WasmGemm {
    return new WasmGemm(new WebAssembly.Module(buildGemmModule(shape, maximumPages)), shape, blocking);
  }

  /** Linear memory currently reserved, in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * C (+)= A·B; false, with C untouched, when linear memory cannot grow to the size this product
   * needs (about m·n elements: the engine's limit is 2 to 4 GiB), so the caller can fall back.
   */
  gemmF32(args: GemmArgs<Float32Array>): boolean {
    return this.run(args, this.f32, this.blocking.f32);
  }

  gemmF64(args: GemmArgs<Float64Array>): boolean {
    return this.run(args, this.f64, this.blocking.f64);
  }

  /** The view of linear memory for this element size grown to at least `bytes`, or null if it cannot grow. */
  private view(bytes: number, elementBytes: 4 | 8): FloatArray | null {
    const have = this.f32View.byteLength;
    if (bytes > have) {
      try {
        this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
      } catch {
        return null;
      }
      // Growing detaches the old buffer; only this class grows the memory, so only here.
      this.f32View = new Float32Array(this.memory.buffer);
      this.f64View = new Float64Array(this.memory.buffer);
    }
    return elementBytes === 4 ? this.f32View : this.f64View;
  }

  private run(args: GemmArgs<FloatArray>, kern: DtypeKernels, block: GemmBlocking): boolean {
    // The wasm loops run at least once, so an empty product would never terminate there.
    if (!(args.m >= 1 && args.n >= 1 && args.k >= 1))
      throw new RangeError('WasmGemm: m, n and k must be at least 1');
    const { bytes, mr, nr } = kern;
    let { m, n, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride } = args;
    const { k, c, cOffset, cRowStride, accumulate } = args;
    // C = A·B, or Cᵀ = Bᵀ·Aᵀ into the buffer: pick the orientation that wastes the least on tile
    // padding (a matrix-vector product would otherwise compute nr columns to keep one).
    const transposed = paddedSize(n, m, mr, nr) < paddedSize(m, n, mr, nr);
    if (transposed) {
      [m, n, a, b, aOffset, bOffset] = [n, m, b, a, bOffset, aOffset];
      [aRowStride, aColStride, bRowStride, bColStride] = [bColStride, bRowStride, aColStride, aRowStride];
    }

    // Row and column blocks are whole tiles, so a padded tile never spills into the next block.
    const kcBlock = block.kc;
    const mcBlock = roundUp(block.mc, mr);
    const ncBlock = roundUp(block.nc, nr);
    const kcMax = Math.min(kcBlock, k);
    const mcMax = roundUp(Math.min(mcBlock, m), mr);
    const ncMax = roundUp(Math.min(ncBlock, n), nr);
    const ldc = roundUp(n, nr);

    // Layout, in elements: [A stage | B stage | A pack | B pack | C buffer]. A stage holds up to
    // len + width runs of kc (or kc runs of len, plus width of slack read past the last one).
    const align = ALIGN_BYTES / bytes;
    const aStage = 0;
    const bStage = roundUp(aStage + (mcMax + mr) * kcMax, align);
    const aPack = roundUp(bStage + (ncMax + nr) * kcMax, align);
    const bPack = roundUp(aPack + mcMax * kcMax, align);
    const cBuf = roundUp(bPack + ncMax * kcMax, align);
    const mem = this.view((cBuf + roundUp(m, mr) * ldc) * bytes, bytes);
    if (mem === null) return false;

    if (accumulate) loadC(mem, cBuf, ldc, m, n, c, cOffset, cRowStride, transposed);
    for (let jc = 0; jc < n; jc += ncBlock) {
      const nc = Math.min(ncBlock, n - jc);
      for (let pc = 0; pc < k; pc += kcBlock) {
        const kc = Math.min(kcBlock, k - pc);
        const bBlock = {
          src: b,
          offset: bOffset + pc * bRowStride + jc * bColStride,
          wStride: bColStride,
          kStride: bRowStride,
          len: nc,
          kc,
        };
        packBlock(mem, bytes, kern.packB, nr, bBlock, bStage, bPack);
        for (let ic = 0; ic < m; ic += mcBlock) {
          const mc = Math.min(mcBlock, m - ic);
          const aBlock = {
            src: a,
            offset: aOffset + ic * aRowStride + pc * aColStride,
            wStride: aRowStride,
            kStride: aColStride,
            len: mc,
            kc,
          };
          packBlock(mem, bytes, kern.packA, mr, aBlock, aStage, aPack);
          const load = pc > 0 || accumulate ? 1 : 0;
          kern.macro(
            roundUp(mc, mr),
            roundUp(nc, nr),
            kc,
            aPack * bytes,
            bPack * bytes,
            (cBuf + ic * ldc + jc) * bytes,
            ldc * bytes,
            load,
          );
        }
      }
    }
    storeC(mem, cBuf, ldc, m, n, c, cOffset, cRowStride, transposed);
    return true;
  }
}

/** Packs X (see Block) into panels of `width` at element index `packAt` of `mem`. */
function packBlock(
  mem: FloatArray,
  bytes: number,
  pack: PackFn,
  width: number,
  x: Block,
  stageAt: number,
  packAt: number,
): void {
  const groups = Math.ceil(x.len / width);
  if (x.wStride === 1 && x.len >= MIN_SET_RUN) {
    // Stage kc runs of len (X's rows along w): the panel values of one p are adjacent.
    stageRuns(mem, stageAt, x.src, x.offset, x.kStride, x.len, x.kc);
    mem.fill(0, stageAt + x.kc * x.len, stageAt + x.kc * x.len + width);
    pack(stageAt * bytes, groups, width * bytes, bytes, x.kc, x.len * bytes, packAt * bytes);
  } else if (x.kStride === 1 && x.kc >= MIN_SET_RUN) {
    // Stage len runs of kc (X's rows along k): the panel values of one p are kc apart.
    stageRuns(mem, stageAt, x.src, x.offset, x.wStride, x.kc, x.len);
    mem.fill(0, stageAt + x.len * x.kc, stageAt + groups * width * x.kc);
    pack(stageAt * bytes, groups, width * x.kc * bytes, x.kc * bytes, x.kc, bytes, packAt * bytes);
  } else {
    packInJs(mem, packAt, x, width, groups);
  }
}

/** Copies `count` runs of `runLength` contiguous elements, `runStride` apart in src, back to back. */
function stageRuns(
  mem: FloatArray,
  at: number,
  src: FloatArray,
  offset: number,
  runStride: number,
  runLength: number,
  count: number,
): void {
  if (runStride === runLength || count === 1) {
    mem.set(src.subarray(offset, offset + runLength * count), at);
    return;
  }
  for (let r = 0; r < count; r++, at += runLength) {
    const s = offset + r * runStride;
    mem.set(src.subarray(s, s + runLength), at);
  }
}

/** Element-by-element packing for blocks without a usable unit stride; pads with zeros. */
function packInJs(mem: FloatArray, at: number, x: Block, width: number, groups: number): void {
  const { src, wStride, kStride, kc } = x;
  for (let g = 0; g < groups; g++) {
    const w0 = g * width;
    const live = Math.min(width, x.len - w0);
    for (let p = 0; p < kc; p++, at += width) {
      let s = x.offset + w0 * wStride + p * kStride;
      for (let w = 0; w < live; w++, s += wStride) mem[at + w] = src[s]!;
      for (let w = live; w < width; w++) mem[at + w] = 0;
    }
  }
}

/** C (or Cᵀ when transposed) into the buffer, for C += A·B. */
function loadC(
  mem: FloatArray,
  at: number,
  ldc: number,
  rows: number,
  cols: number,
  c: FloatArray,
  offset: number,
  rowStride: number,
  transposed: boolean,
): void {
  for (let r = 0; r < rows; r++, at += ldc) {
    if (transposed) {
      for (let s = 0, ci = offset + r; s < cols; s++, ci += rowStride) mem[at + s] = c[ci]!;
    } else {
      copyRun(mem, at, c, offset + r * rowStride, cols);
    }
  }
}

/** The buffer back into C: row copies, or a transposing loop when the buffer holds Cᵀ. */
function storeC(
  mem: FloatArray,
  at: number,
  ldc: number,
  rows: number,
  cols: number,
  c: FloatArray,
  offset: number,
  rowStride: number,
  transposed: boolean,
): void {
  if (!transposed && ldc === cols && rowStride === cols) {
    copyRun(c, offset, mem, at, rows * cols);
    return;
  }
  for (let r = 0; r < rows; r++, at += ldc) {
    if (transposed) {
      for (let s = 0, ci = offset + r; s < cols; s++, ci += rowStride) c[ci] = mem[at + s]!;
    } else {
      copyRun(c, offset + r * rowStride, mem, at, cols);
    }
  }
}

/** dst[dstAt + i] = src[srcAt + i] for i < length: a memcpy for long runs, a loop for short ones. */
function copyRun(dst: FloatArray, dstAt: number, src: FloatArray, srcAt: number, length: number): void {
  if (length >= MIN_SET_RUN) {
    dst.set(src.subarray(srcAt, srcAt + length), dstAt);
  } else {
    for (let i = 0; i < length; i++) dst[dstAt + i] = src[srcAt + i]!;
  }
}
