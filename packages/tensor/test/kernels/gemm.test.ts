import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors';
import { gemmF32, gemmF64, gemmFor, hasWasmGemm, WASM_MIN_MACS } from '../../src/kernels/gemm';
import type { FloatArray, GemmArgs } from '../../src/kernels/gemm-args';
import { gemmJsDirect } from '../../src/kernels/gemm-js-direct';
import { gemmJsPacked } from '../../src/kernels/gemm-js-packed';
import { WasmGemm } from '../../src/kernels/gemm-wasm';
import { build, type Layout, mismatch, type Product, productArb } from './strided-operands';

// Tolerances: float32 relative 1e-5 and float64 1e-12 of Σ|A||B| (well-conditioned by scale).
interface DType<T extends FloatArray> {
  make: (length: number) => T;
  rel: number;
  eps: number;
}
const F32: DType<Float32Array> = { make: (n) => new Float32Array(n), rel: 1e-5, eps: 2 ** -23 };
const F64: DType<Float64Array> = { make: (n) => new Float64Array(n), rel: 1e-12, eps: 2 ** -52 };

type Kernel<T extends FloatArray> = (g: GemmArgs<T>) => void;

const positional32: Kernel<Float32Array> = (g) =>
  gemmF32(
    g.m,
    g.n,
    g.k,
    g.a,
    g.aOffset,
    g.aRowStride,
    g.aColStride,
    g.b,
    g.bOffset,
    g.bRowStride,
    g.bColStride,
    g.c,
    g.cOffset,
    g.cRowStride,
    g.accumulate,
  );
const positional64: Kernel<Float64Array> = (g) =>
  gemmF64(
    g.m,
    g.n,
    g.k,
    g.a,
    g.aOffset,
    g.aRowStride,
    g.aColStride,
    g.b,
    g.bOffset,
    g.bRowStride,
    g.bColStride,
    g.c,
    g.cOffset,
    g.cRowStride,
    g.accumulate,
  );

// Tiny cache blocks make every product of a few dozen rows cross several blocks in m, n and k.
const smallBlocks = { kc: 5, mc: 8, nc: 16 };
const wasmSmall = WasmGemm.compile(undefined, { f32: smallBlocks, f64: smallBlocks });
// Blocks of 64+ along k and w: operands are staged with TypedArray.set and packed in wasm.
const wasmStaged = WasmGemm.compile(undefined, {
  f32: { kc: 64, mc: 68, nc: 72 },
  f64: { kc: 64, mc: 68, nc: 72 },
});
const wasmDefault = WasmGemm.compile();

function runCase<T extends FloatArray>(dtype: DType<T>, kernel: Kernel<T>, p: Product): string | null {
  const { args, before } = build(dtype.make, p);
  kernel(args);
  return mismatch(args, before, dtype.rel, dtype.eps);
}

/** The wasm class refuses empty products (its caller, gemmF32/F64, handles them). */
const nonEmpty =
  (kernel: Kernel<FloatArray>): Kernel<FloatArray> =>
  (g) => {
    if (g.m > 0 && g.n > 0 && g.k > 0) kernel(g);
    else positional64(g as GemmArgs<Float64Array>);
  };

const kernels32: [string, Kernel<Float32Array>][] = [
  ['gemmF32', positional32],
  [
    'wasm, small blocks',
    nonEmpty((g) => wasmSmall.gemmF32(g as GemmArgs<Float32Array>)) as Kernel<Float32Array>,
  ],
  ['JS direct', gemmJsDirect],
  ['JS packed', gemmJsPacked],
];
const kernels64: [string, Kernel<Float64Array>][] = [
  ['gemmF64', positional64],
  [
    'wasm, small blocks',
    nonEmpty((g) => wasmSmall.gemmF64(g as GemmArgs<Float64Array>)) as Kernel<Float64Array>,
  ],
  ['JS direct', gemmJsDirect],
  ['JS packed', gemmJsPacked],
];

describe('gemm equals the naive triple loop', () => {
  for (const [name, kernel] of kernels32) {
    it(`float32, ${name}: any shape, strides, offsets, accumulate`, () => {
      fc.assert(
        fc.property(productArb(40), (p) => runCase(F32, kernel, p) === null),
        { numRuns: 150 },
      );
    });
  }
  for (const [name, kernel] of kernels64) {
    it(`float64, ${name}: any shape, strides, offsets, accumulate`, () => {
      fc.assert(
        fc.property(productArb(40), (p) => runCase(F64, kernel, p) === null),
        { numRuns: 150 },
      );
    });
  }

  it('prints the first mismatch (the comparison can fail)', () => {
    const p: Product = {
      m: 3,
      n: 5,
      k: 4,
      aLayout: 'row',
      bLayout: 'row',
      pads: [0, 0, 0],
      leads: [0, 0, 0],
      accumulate: false,
      seed: 7,
    };
    const wrongByOne: Kernel<Float64Array> = (g) => {
      positional64(g);
      g.c[g.cOffset + g.cRowStride + 2]! += 1e-6;
    };
    expect(runCase(F64, wrongByOne, p)).toMatch(/^C\[1, 2\]/);
    const spills: Kernel<Float64Array> = (g) => {
      positional64(g);
      g.c[g.c.length - 1] = 0;
    };
    expect(runCase(F64, spills, p)).toMatch(/outside C changed/);
  });
});

describe('wasm kernel on staged operands (contiguous runs of 64 or more)', () => {
  // Sizes straddle tiles (4 × 8), blocks (64, 68, 72) and the staging threshold in every layout pair.
  const shapes: [number, number, number][] = [
    [70, 67, 130],
    [133, 75, 64],
    [5, 150, 70],
    [150, 3, 65],
  ];
  for (const [m, n, k] of shapes) {
    for (const [aLayout, bLayout] of [
      ['row', 'row'],
      ['col', 'col'],
      ['row', 'col'],
      ['col', 'row'],
      ['rowReversed', 'step2'],
    ] as [Layout, Layout][]) {
      it(`${m}×${n}×${k}, A ${aLayout}, B ${bLayout}`, () => {
        for (const accumulate of [false, true]) {
          const p: Product = {
            m,
            n,
            k,
            aLayout,
            bLayout,
            pads: [1, 3, 2],
            leads: [2, 1, 3],
            accumulate,
            seed: m * n + k,
          };
          expect(runCase(F32, (g) => wasmStaged.gemmF32(g), p)).toBeNull();
          expect(runCase(F64, (g) => wasmStaged.gemmF64(g), p)).toBeNull();
          expect(runCase(F32, (g) => wasmDefault.gemmF32(g), p)).toBeNull();
        }
      });
    }
  }

  it('a 300 × 260 × 520 product across default blocks, in both dtypes', () => {
    const p: Product = {
      m: 300,
      n: 260,
      k: 520,
      aLayout: 'row',
      bLayout: 'col',
      pads: [0, 0, 0],
      leads: [0, 0, 0],
      accumulate: true,
      seed: 3,
    };
    expect(runCase(F32, positional32, p)).toBeNull();
    expect(runCase(F64, positional64, p)).toBeNull();
  });
});

describe('gemm edge cases', () => {
  it('k = 0 gives zeros, or leaves C unchanged when accumulating', () => {
    const check = <T extends FloatArray>(dtype: DType<T>, gemm: Kernel<T>) => {
      for (const accumulate of [false, true]) {
        const p: Product = {
          m: 3,
          n: 4,
          k: 0,
          aLayout: 'row',
          bLayout: 'row',
          pads: [0, 0, 1],
          leads: [0, 0, 1],
          accumulate,
          seed: 5,
        };
        const { args, before } = build(dtype.make, p);
        gemm(args);
        const expected = Array.from(before);
        if (!accumulate) for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) expected[1 + i * 5 + j] = 0;
        expect(Array.from(args.c)).toEqual(expected);
      }
    };
    check(F32, positional32);
    check(F64, positional64);
  });

  it('m = 0 or n = 0 touches nothing, even with empty arrays', () => {
    const empty = new Float32Array(0);
    expect(() =>
      gemmF32(0, 5, 3, empty, 0, 3, 1, new Float32Array(15), 0, 5, 1, empty, 0, 5, false),
    ).not.toThrow();
    expect(() =>
      gemmF64(
        4,
        0,
        3,
        new Float64Array(12),
        0,
        3,
        1,
        new Float64Array(0),
        0,
        0,
        1,
        new Float64Array(0),
        0,
        0,
        true,
      ),
    ).not.toThrow();
  });

  it('ignores NaN already in C unless accumulating', () => {
    const check = <T extends FloatArray>(dtype: DType<T>, gemm: Kernel<T>, size: number) => {
      const a = dtype.make(size * size);
      const c = dtype.make(size * size);
      a.fill(1);
      c.fill(Number.NaN);
      const args = {
        m: size,
        n: size,
        k: size,
        a,
        aOffset: 0,
        aRowStride: size,
        aColStride: 1,
        b: a,
        bOffset: 0,
        bRowStride: size,
        bColStride: 1,
        c,
        cOffset: 0,
        cRowStride: size,
      };
      gemm({ ...args, accumulate: false });
      expect(Array.from(c).every((x) => x === size)).toBe(true);
      c.fill(Number.NaN);
      gemm({ ...args, accumulate: true });
      expect(Array.from(c).every(Number.isNaN)).toBe(true);
    };
    // 24³ is above the wasm crossover, 6³ below it: both kernels, both dtypes.
    for (const size of [6, 24]) {
      check(F32, positional32, size);
      check(F64, positional64, size);
    }
  });

  it('propagates NaN and infinity only into the rows and columns they belong to', () => {
    for (const size of [6, 37]) {
      const a = new Float32Array(size * size).fill(0.5);
      const b = new Float32Array(size * size).fill(0.25);
      a[2 * size + 1] = Number.NaN; // row 2 of A
      b[3 * size + 4] = Number.POSITIVE_INFINITY; // column 4 of B, through A[:, 3]
      const c = new Float32Array(size * size);
      gemmF32(size, size, size, a, 0, size, 1, b, 0, size, 1, c, 0, size, false);
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) {
          const x = c[i * size + j]!;
          if (i === 2) expect(x).toBeNaN();
          else if (j === 4) expect(x).toBe(Number.POSITIVE_INFINITY);
          else expect(x).toBe(size * 0.125);
        }
      }
    }
  });

  it('matrix-vector and vector-matrix products (padding chosen by orientation)', () => {
    for (const [m, n, k] of [
      [300, 1, 200],
      [1, 300, 200],
      [3, 500, 7],
      [500, 2, 9],
    ] as [number, number, number][]) {
      for (const accumulate of [false, true]) {
        const p: Product = {
          m,
          n,
          k,
          aLayout: 'row',
          bLayout: 'row',
          pads: [0, 0, 0],
          leads: [0, 0, 0],
          accumulate,
          seed: 11,
        };
        expect(runCase(F32, positional32, p)).toBeNull();
        expect(runCase(F64, positional64, p)).toBeNull();
      }
    }
  });

  it('rejects out-of-range operands and bad sizes with ValueError', () => {
    const a = new Float32Array(6);
    const c = new Float32Array(4);
    // 2 × 3 times 3 × 2: B has 5 elements, one short.
    expect(() => gemmF32(2, 2, 3, a, 0, 3, 1, new Float32Array(5), 0, 2, 1, c, 0, 2, false)).toThrow(
      ValueError,
    );
    expect(() => gemmF32(2, 2, 3, a, 1, 3, 1, new Float32Array(6), 0, 2, 1, c, 0, 2, false)).toThrow(
      /a .*outside its 6 elements/,
    );
    expect(() => gemmF32(2, 2, 3, a, 0, 3, 1, new Float32Array(6), 0, 2, 1, c, 1, 2, false)).toThrow(
      /gemmF32: c/,
    );
    // A 2 × 3 float64 A read from offset aOffset with row stride -3 (rows walked backwards).
    const backwardsA = (aOffset: number) => () =>
      gemmF64(
        2,
        2,
        3,
        new Float64Array(6),
        aOffset,
        -3,
        1,
        new Float64Array(6),
        0,
        2,
        1,
        new Float64Array(4),
        0,
        2,
        false,
      );
    expect(backwardsA(3)).not.toThrow(); // rows at 3 and 0
    expect(backwardsA(2)).toThrow(ValueError); // rows at 2 and -1
    expect(() => gemmF32(-1, 2, 3, a, 0, 3, 1, a, 0, 2, 1, c, 0, 2, false)).toThrow(
      /m must be a non-negative integer/,
    );
    expect(() => gemmF32(2, 2, 1.5, a, 0, 3, 1, a, 0, 2, 1, c, 0, 2, false)).toThrow(ValueError);
    expect(() => gemmF32(2, 2, 3, a, 0, 3, 0.5, a, 0, 2, 1, c, 0, 2, false)).toThrow(
      /column stride must be an integer/,
    );
  });
});

describe('wasm kernel resources', () => {
  it('is available in Node 20 (WebAssembly SIMD), with a crossover from JS', () => {
    expect(hasWasmGemm()).toBe(true);
    expect(WASM_MIN_MACS.f32).toBeGreaterThan(0);
  });

  it('reuses its linear memory across calls and grows it for larger products', () => {
    const g = WasmGemm.compile();
    const run = (size: number) => {
      const p: Product = {
        m: size,
        n: size,
        k: size,
        aLayout: 'row',
        bLayout: 'row',
        pads: [0, 0, 0],
        leads: [0, 0, 0],
        accumulate: false,
        seed: size,
      };
      expect(runCase(F32, (x) => g.gemmF32(x), p)).toBeNull();
      return g.memoryBytes;
    };
    const first = run(100);
    expect(run(100)).toBe(first);
    expect(run(60)).toBe(first);
    expect(run(400)).toBeGreaterThan(first);
    // After growing, results stay right (views onto the new buffer) in both dtypes.
    const p: Product = {
      m: 50,
      n: 40,
      k: 30,
      aLayout: 'col',
      bLayout: 'row',
      pads: [0, 0, 0],
      leads: [0, 0, 0],
      accumulate: true,
      seed: 1,
    };
    expect(runCase(F64, (x) => g.gemmF64(x), p)).toBeNull();
  });

  it('reports false, leaving C untouched, when linear memory cannot grow enough', () => {
    const capped = WasmGemm.compile(undefined, undefined, 8); // 512 KiB
    const small: Product = {
      m: 40,
      n: 40,
      k: 40,
      aLayout: 'row',
      bLayout: 'row',
      pads: [0, 0, 0],
      leads: [0, 0, 0],
      accumulate: false,
      seed: 9,
    };
    expect(runCase(F32, (g) => expect(capped.gemmF32(g)).toBe(true), small)).toBeNull();
    const { args, before } = build(F32.make, { ...small, m: 400, n: 400 });
    expect(capped.gemmF32(args)).toBe(false);
    expect(Array.from(args.c)).toEqual(Array.from(before));
    // Still usable afterwards.
    expect(runCase(F64, (g) => expect(capped.gemmF64(g)).toBe(true), small)).toBeNull();
  });

  it('refuses empty products itself (the wasm k loop runs at least once)', () => {
    const z = new Float32Array(4);
    expect(() =>
      wasmDefault.gemmF32({
        m: 2,
        n: 2,
        k: 0,
        a: z,
        aOffset: 0,
        aRowStride: 0,
        aColStride: 1,
        b: z,
        bOffset: 0,
        bRowStride: 2,
        bColStride: 1,
        c: z,
        cOffset: 0,
        cRowStride: 2,
        accumulate: false,
      }),
    ).toThrow(RangeError);
  });
});

describe('gemmFor', () => {
  it('picks the kernel of the array type', () => {
    expect(gemmFor(new Float64Array(1))).toBe(gemmF64);
    expect(gemmFor(new Float32Array(1))).toBe(gemmF32);
  });
});
