import { describe, expect, it } from 'vitest';
import { buildGemmModule, DEFAULT_GEMM_SHAPE, kernelNames } from '../../src/kernels/gemm-wasm-module';

type Pack = (
  src: number,
  groups: number,
  groupStride: number,
  innerStride: number,
  kc: number,
  stepStride: number,
  dst: number,
) => void;

describe('pack kernels', () => {
  for (const dtype of ['f32', 'f64'] as const) {
    for (const contiguous of [true, false]) {
      it(`${dtype}, ${contiguous ? 'contiguous runs (v128 copies)' : 'strided runs (element copies)'}`, () => {
        const exports = new WebAssembly.Instance(new WebAssembly.Module(buildGemmModule())).exports;
        const buffer = (exports['mem'] as WebAssembly.Memory).buffer;
        const mem = dtype === 'f32' ? new Float32Array(buffer) : new Float64Array(buffer);
        const bytes = mem.BYTES_PER_ELEMENT;
        const { mr, nv } = DEFAULT_GEMM_SHAPE[dtype];
        const names = kernelNames(dtype);
        for (const [name, width] of [
          [names.packA, mr],
          [names.packB, (nv * 16) / bytes],
        ] as const) {
          const [groups, kc] = [3, 4];
          // The source: element index = its own value, so every copied value names where it came from.
          for (let i = 0; i < 1024; i++) mem[i] = i;
          const inner = contiguous ? 1 : 37;
          const step = contiguous ? 101 : 1;
          const group = width * inner + 5;
          const dst = 2048;
          mem.fill(-1, dst, dst + groups * kc * width + 4);
          (exports[name] as Pack)(0, groups, group * bytes, inner * bytes, kc, step * bytes, dst * bytes);
          for (let g = 0; g < groups; g++) {
            for (let p = 0; p < kc; p++) {
              for (let w = 0; w < width; w++)
                expect(mem[dst + (g * kc + p) * width + w]).toBe(g * group + w * inner + p * step);
            }
          }
          expect(mem[dst + groups * kc * width]).toBe(-1); // nothing written past the panels
        }
      });
    }
  }
});
