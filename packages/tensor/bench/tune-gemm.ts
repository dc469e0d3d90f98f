// Tuning sweep for the gemm kernels: register-tile shapes and cache blocks of the wasm kernel,
// the JS kernel, and the JS/wasm crossover. Not part of `pnpm bench`; run it when changing the
// kernels or on a new kind of machine:
//   node --conditions=@seqmod/source --import tsx bench/tune-gemm.ts [shapes|blocks|f64|crossover]

import type { FloatArray, GemmArgs } from '../src/kernels/gemm-args';
import { gemmJs } from '../src/kernels/gemm-js';
import { gemmJsDirect } from '../src/kernels/gemm-js-direct';
import { gemmJsPacked } from '../src/kernels/gemm-js-packed';
import { DEFAULT_BLOCKING, WasmGemm } from '../src/kernels/gemm-wasm';
import type { TileShape } from '../src/kernels/gemm-wasm-micro';
import { DEFAULT_GEMM_SHAPE } from '../src/kernels/gemm-wasm-module';
import { bestSeconds } from './timing';

function args<T extends FloatArray>(make: (n: number) => T, m: number, n: number, k: number): GemmArgs<T> {
  const fill = (len: number) => {
    const x = make(len);
    for (let i = 0; i < len; i++) x[i] = Math.sin(i) * 0.5;
    return x;
  };
  return {
    m,
    n,
    k,
    a: fill(m * k),
    aOffset: 0,
    aRowStride: k,
    aColStride: 1,
    b: fill(k * n),
    bOffset: 0,
    bRowStride: n,
    bColStride: 1,
    c: make(m * n),
    cOffset: 0,
    cRowStride: n,
    accumulate: false,
  };
}

const f32 = (n: number) => new Float32Array(n);
const f64 = (n: number) => new Float64Array(n);
const gflops = (m: number, n: number, k: number, s: number) => (2 * m * n * k) / s / 1e9;

function sweepShapes(): void {
  const tiles: TileShape[] = [
    [4, 2],
    [5, 2],
    [6, 2],
    [3, 3],
    [4, 3],
    [2, 4],
    [3, 4],
    [8, 1],
    [2, 2],
  ].map(([mr, nv]) => ({ mr: mr!, nv: nv! }));
  console.log('| f32 tile (mr × nv·4) | 256 | 512 | 1024 |\n| --- | --- | --- | --- |');
  for (const t of tiles) {
    const g = WasmGemm.compile({ ...DEFAULT_GEMM_SHAPE, f32: t });
    const row = [256, 512, 1024].map((s) => {
      const x = args(f32, s, s, s);
      return gflops(
        s,
        s,
        s,
        bestSeconds(() => g.gemmF32(x), s < 1024 ? 9 : 5),
      ).toFixed(1);
    });
    console.log(`| ${t.mr} × ${t.nv * 4} | ${row.join(' | ')} |`);
  }
}

function sweepBlocks(): void {
  console.log('| kc, mc, nc | 256 | 512 | 1024 |\n| --- | --- | --- | --- |');
  for (const kc of [128, 256, 384, 512]) {
    for (const mc of [64, 128, 256]) {
      for (const nc of [4096]) {
        const g = WasmGemm.compile(DEFAULT_GEMM_SHAPE, { ...DEFAULT_BLOCKING, f32: { kc, mc, nc } });
        const row = [256, 512, 1024].map((s) => {
          const x = args(f32, s, s, s);
          return gflops(
            s,
            s,
            s,
            bestSeconds(() => g.gemmF32(x), s < 1024 ? 9 : 5),
          ).toFixed(1);
        });
        console.log(`| ${kc}, ${mc}, ${nc} | ${row.join(' | ')} |`);
      }
    }
  }
}

function sweepF64(): void {
  console.log('| f64 | 64 | 256 | 512 |\n| --- | --- | --- | --- |');
  const sizes = [64, 256, 512];
  const js = sizes.map((s) => {
    const x = args(f64, s, s, s);
    return gflops(
      s,
      s,
      s,
      bestSeconds(() => gemmJs(x), 7),
    ).toFixed(2);
  });
  console.log(`| js 4×4 | ${js.join(' | ')} |`);
  for (const [mr, nv] of [
    [4, 2],
    [4, 3],
    [3, 4],
    [6, 2],
    [2, 4],
  ] as const) {
    const g = WasmGemm.compile({ ...DEFAULT_GEMM_SHAPE, f64: { mr, nv } });
    const row = sizes.map((s) => {
      const x = args(f64, s, s, s);
      return gflops(
        s,
        s,
        s,
        bestSeconds(() => g.gemmF64(x), 7),
      ).toFixed(2);
    });
    console.log(`| wasm ${mr} × ${nv * 2} | ${row.join(' | ')} |`);
  }
}

function sweepCrossover(): void {
  const g = WasmGemm.compile();
  console.log(
    '| m × n × k | macs | f32 direct | f32 packed | f32 wasm | f64 direct | f64 packed | f64 wasm |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const shapes = [
    [2, 2, 2],
    [4, 4, 4],
    [8, 8, 8],
    [12, 12, 12],
    [16, 16, 16],
    [24, 24, 24],
    [32, 32, 32],
    [48, 48, 48],
    [64, 64, 64],
    [96, 96, 96],
    [1, 16, 16],
    [16, 1, 16],
    [1, 64, 64],
    [64, 1, 64],
    [4, 64, 16],
    [64, 64, 4],
    [8, 128, 128],
  ];
  for (const [m, n, k] of shapes as [number, number, number][]) {
    const reps = Math.ceil(1_000_000 / (m * n * k + 100));
    const time = (fn: () => void) =>
      (
        (bestSeconds(
          () => {
            for (let r = 0; r < reps; r++) fn();
          },
          9,
          3,
        ) /
          reps) *
        1e6
      ).toFixed(2);
    const x32 = args(f32, m, n, k);
    const x64 = args(f64, m, n, k);
    const cells = [
      time(() => gemmJsDirect(x32)),
      time(() => gemmJsPacked(x32)),
      time(() => g.gemmF32(x32)),
      time(() => gemmJsDirect(x64)),
      time(() => gemmJsPacked(x64)),
      time(() => g.gemmF64(x64)),
    ];
    console.log(`| ${m} × ${n} × ${k} | ${m * n * k} | ${cells.join(' | ')} |`);
  }
  console.log('(µs per call, best of 9)');
}

const which = process.argv[2] ?? 'shapes';
({ shapes: sweepShapes, blocks: sweepBlocks, f64: sweepF64, crossover: sweepCrossover })[which as 'shapes']();
