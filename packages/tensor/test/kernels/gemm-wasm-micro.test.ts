import { describe, expect, it } from 'vitest';
import { buildGemmModule, DEFAULT_GEMM_SHAPE, kernelNames } from '../../src/kernels/gemm-wasm-module';

type Macro = (
  mc: number,
  nc: number,
  kc: number,
  aPack: number,
  bPack: number,
  c: number,
  ldc: number,
  load: number,
) => void;

function instance() {
  const exports = new WebAssembly.Instance(new WebAssembly.Module(buildGemmModule())).exports;
  const memory = exports['mem'] as WebAssembly.Memory;
  return { exports, memory };
}

describe('macro- and micro-kernel on packed panels', () => {
  for (const dtype of ['f32', 'f64'] as const) {
    it(`${dtype}: every tile of an 8 × 2-tile block, then load = 1 adds onto C`, () => {
      const { exports, memory } = instance();
      const mem = dtype === 'f32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
      const bytes = mem.BYTES_PER_ELEMENT;
      const { mr, nv } = DEFAULT_GEMM_SHAPE[dtype];
      const nr = (nv * 16) / bytes;
      const [mc, nc, kc] = [2 * mr, 2 * nr, 5];
      // Panels as the pack kernels lay them out. A[i, p] = i + 10p, B[p, j] = j - p (exact in both dtypes).
      const aAt = 0;
      const bAt = mc * kc;
      const cAt = bAt + kc * nc + 8;
      const ldc = nc + 4;
      for (let i = 0; i < mc; i++)
        for (let p = 0; p < kc; p++) mem[aAt + Math.floor(i / mr) * mr * kc + p * mr + (i % mr)] = i + 10 * p;
      for (let j = 0; j < nc; j++)
        for (let p = 0; p < kc; p++) mem[bAt + Math.floor(j / nr) * nr * kc + p * nr + (j % nr)] = j - p;
      mem.fill(-7, cAt, cAt + mc * ldc);
      const macro = exports[kernelNames(dtype).macro] as Macro;
      const expected = (i: number, j: number) => {
        let sum = 0;
        for (let p = 0; p < kc; p++) sum += (i + 10 * p) * (j - p);
        return sum;
      };
      macro(mc, nc, kc, aAt * bytes, bAt * bytes, cAt * bytes, ldc * bytes, 0);
      for (let i = 0; i < mc; i++) {
        for (let j = 0; j < ldc; j++) expect(mem[cAt + i * ldc + j]).toBe(j < nc ? expected(i, j) : -7);
      }
      macro(mc, nc, kc, aAt * bytes, bAt * bytes, cAt * bytes, ldc * bytes, 1);
      for (let i = 0; i < mc; i++) {
        for (let j = 0; j < nc; j++) expect(mem[cAt + i * ldc + j]).toBe(2 * expected(i, j));
      }
    });
  }
});
