// Test helpers for the wasm pass kernels: the module's kernels, a work area in its memory, and
// copies in and out of linear memory; plus a direct (slow) evaluation of one Stockham pass.
import { type FFTMemory, fftMemory, type WorkArea } from '../../src/wasm-fft-memory';
import { type FFTKernels, fftKernels } from '../../src/wasm-fft-module';
import { type MixedKernels, mixedKernels } from '../../src/wasm-mixed-module';

export interface Scratch {
  k: FFTKernels;
  /** the second module's kernels (radix 3 and 5, pointwise), on the same memory */
  x: MixedKernels;
  mem: FFTMemory;
  area: WorkArea;
  /** writes x at byte address addr */
  put(addr: number, x: ArrayLike<number>): void;
  /** reads len doubles at byte address addr */
  get(addr: number, len: number): Float64Array;
}

/** The kernels and a work area of at least `doubles` doubles per region (needs wasm SIMD). */
export function scratch(doubles: number): Scratch {
  const k = fftKernels();
  const x = mixedKernels();
  if (k === null || x === null) throw new Error('this engine has no WebAssembly SIMD');
  const mem = fftMemory(k);
  const area = mem.work(doubles)!;
  return {
    k,
    x,
    mem,
    area,
    put: (addr, x) => mem.f64.set(x, addr / 8),
    get: (addr, len) => mem.f64.slice(addr / 8, addr / 8 + len),
  };
}

/**
 * One radix-r Stockham pass evaluated from its definition (stage-radix4.ts):
 *   y[q + s(r·p + j)] = scale · ω^{jp} · Σ_l x[q + s(p + l·m)] · exp(-2πi·jl/r),  ω = exp(-2πi/(r·m))
 */
export function stockhamPassRef(
  r: number,
  s: number,
  m: number,
  xr: ArrayLike<number>,
  xi: ArrayLike<number>,
  scale = 1,
): [Float64Array, Float64Array] {
  const n = r * s * m;
  const yr = new Float64Array(n);
  const yi = new Float64Array(n);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < s; q++) {
      for (let j = 0; j < r; j++) {
        let ar = 0;
        let ai = 0;
        for (let l = 0; l < r; l++) {
          const a = (-2 * Math.PI * ((j * l) % r)) / r;
          const vr = xr[q + s * (p + l * m)];
          const vi = xi[q + s * (p + l * m)];
          ar += vr * Math.cos(a) - vi * Math.sin(a);
          ai += vr * Math.sin(a) + vi * Math.cos(a);
        }
        const b = (-2 * Math.PI * j * p) / (r * m);
        const o = q + s * (r * p + j);
        yr[o] = scale * (ar * Math.cos(b) - ai * Math.sin(b));
        yi[o] = scale * (ar * Math.sin(b) + ai * Math.cos(b));
      }
    }
  }
  return [yr, yi];
}
