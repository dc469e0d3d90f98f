// The f32x4 exp and softplus emitters (wasm-simd-math.ts), run through the element maps of
// wasm-kernel-maps.ts, against float64 Math.exp / log1p: error in float32 ulps over the range,
// and the edges (underflow to 0, overflow to ∞, NaN).
import { wasmEncoder } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MAP_ARGS, mapKernel } from '../src/wasm-kernel-maps';
import { writeArgs } from '../src/wasm-locals';
import { EXP_POLY, LOG1P_POLY } from '../src/wasm-simd-math';

const maps = new WebAssembly.Instance(
  new WebAssembly.Module(
    wasmEncoder.encodeModule({
      memory: { initialPages: 1, export: 'mem' },
      functions: [mapKernel('vexp', 'exp'), mapKernel('vsoftplus', 'softplus')],
    }),
  ),
).exports as { vexp(a: number): void; vsoftplus(a: number): void; mem: WebAssembly.Memory };

/** Runs a map over xs (padded to a multiple of 4) and returns its float32 results. */
function run(f: 'vexp' | 'vsoftplus', xs: Float32Array): Float32Array {
  const n = Math.ceil(xs.length / 4) * 4;
  const src = 1024;
  const dst = src + 4 * n;
  const need = dst + 4 * n;
  if (maps.mem.buffer.byteLength < need)
    maps.mem.grow(Math.ceil((need - maps.mem.buffer.byteLength) / 65536));
  const f32 = new Float32Array(maps.mem.buffer);
  f32.fill(0, src >> 2, need >> 2);
  f32.set(xs, src >> 2);
  writeArgs(new Int32Array(maps.mem.buffer), 0, MAP_ARGS, { src, dst, n: n / 4 });
  maps[f](0);
  return new Float32Array(maps.mem.buffer).slice(dst >> 2, (dst >> 2) + xs.length);
}

const bits = new Int32Array(1);
const asF = new Float32Array(bits.buffer);
/** |y − exact| in units of the float32 spacing at the rounded exact value. */
function ulps(y: number, exact: number): number {
  const e = Math.fround(exact);
  asF[0] = e;
  bits[0]! += 1;
  return Math.abs(y - exact) / (asF[0]! - e);
}

function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

describe('f32x4 exp', () => {
  it('is within 1.5 ulp of float64 exp over the normal range', () => {
    const xs = grid(-87.3, 88.3, 200_003);
    const ys = run('vexp', xs);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps(ys[i]!, Math.exp(xs[i]!)));
    expect(worst).toBeLessThan(1.5);
    expect(worst).toBeGreaterThan(0.5); // really measured: float32 cannot be exact everywhere
  });

  it('is exact at 0 and accurate for tiny and moderate arguments', () => {
    const xs = Float32Array.from([0, 1e-30, -1e-30, 1e-7, -1e-7, 1, -1, 0.5, 10, -10, 0.3465, -0.3466]);
    const ys = run('vexp', xs);
    expect(ys[0]).toBe(1);
    for (let i = 0; i < xs.length; i++) expect(ulps(ys[i]!, Math.exp(xs[i]!))).toBeLessThan(1.5);
  });

  it('underflows to +0 below ln(2^−126), overflows to +∞, keeps NaN', () => {
    const xs = Float32Array.from([
      -87.4,
      -88,
      -100,
      -1e30,
      Number.NEGATIVE_INFINITY,
      88.5,
      1e30,
      Infinity,
      Number.NaN,
    ]);
    const ys = run('vexp', xs);
    for (let i = 0; i < 5; i++) expect(Object.is(ys[i], 0)).toBe(true);
    for (let i = 5; i < 8; i++) expect(ys[i]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(ys[8]!)).toBe(true);
    // the smallest normal results are still right
    const edge = run('vexp', Float32Array.from([-87.33, -87.0]));
    expect(ulps(edge[0]!, Math.exp(Math.fround(-87.33)))).toBeLessThan(1.5);
    expect(ulps(edge[1]!, Math.exp(-87))).toBeLessThan(1.5);
  });

  it('has polynomial coefficients that interpolate e^r', () => {
    for (const r of [-0.3466, 0, 0.2, 0.3466]) {
      const p = EXP_POLY.reduceRight((acc, c) => acc * r + c, 0);
      expect(Math.abs(p / Math.exp(r) - 1)).toBeLessThan(3e-9);
    }
    const w = 1 / 9;
    const q = LOG1P_POLY.reduceRight((acc, c) => acc * w + c, 0);
    expect(Math.abs(q / ((2 * Math.atanh(Math.sqrt(w))) / Math.sqrt(w)) - 1)).toBeLessThan(5e-9);
  });
});

describe('f32x4 softplus', () => {
  const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

  it('is within 4 ulp of float64 log1p(exp(x)) on [−30, 30]', () => {
    const xs = grid(-30, 30, 100_003);
    const ys = run('vsoftplus', xs);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps(ys[i]!, softplus(xs[i]!)));
    expect(worst).toBeLessThan(4);
  });

  it('returns x above 20 (torch threshold), tends to e^x below, keeps NaN and infinities', () => {
    const xs = Float32Array.from([20.5, 1000, -50, -100, Number.NaN, Infinity, -Infinity, 0]);
    const ys = run('vsoftplus', xs);
    expect(ys[0]).toBe(Math.fround(20.5));
    expect(ys[1]).toBe(1000);
    expect(ulps(ys[2]!, Math.exp(-50))).toBeLessThan(4);
    expect(ys[3]).toBeGreaterThanOrEqual(0);
    expect(ys[3]).toBeLessThan(1e-38);
    expect(Number.isNaN(ys[4]!)).toBe(true);
    expect(ys[5]).toBe(Number.POSITIVE_INFINITY);
    expect(ys[6]).toBe(0);
    expect(ulps(ys[7]!, Math.LN2)).toBeLessThan(1);
  });
});
