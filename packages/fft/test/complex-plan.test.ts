import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FFTPlan } from '../src/complex-plan';
import { numpyCases, sampledError } from './helpers/numpy-reference';
import { dftBin, formulaSignal, naiveDft, randomSignal, relError } from './helpers/reference';

// Every case runs on both engines: 'auto' (wasm SIMD for powers of two) and the JS fallback.
describe.each(['auto', 'js'] as const)('FFTPlan (backend %s)', (backend) => {
  it('matches the naive DFT for every n from 1 to 100 and a few more', () => {
    for (const n of [
      ...Array.from({ length: 100 }, (_, i) => i + 1),
      128,
      210,
      243,
      256,
      289,
      331,
      512,
      1000,
    ]) {
      const plan = new FFTPlan(n, { backend });
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1000);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei), `n = ${n} (${plan.algorithm})`).toBeLessThan(1e-13);
    }
  });

  it('inverts: ifft(fft(x)) = x for random n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), (n, seed) => {
        const plan = new FFTPlan(n, { backend });
        const re = randomSignal(n, seed);
        const im = randomSignal(n, seed ^ 0x5555);
        const yr = new Float64Array(n);
        const yi = new Float64Array(n);
        plan.forward(re, im, yr, yi);
        plan.inverse(yr, yi);
        expect(relError(yr, re, yi, im)).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it('is accurate to 1e-12 against the naive DFT at sampled bins up to n = 2^16', () => {
    for (const n of [4096, 10007, 12289, 65536]) {
      const plan = new FFTPlan(n, { backend });
      const re = randomSignal(n, 11);
      const im = randomSignal(n, 12);
      plan.forward(re, im, re.slice(), im.slice()); // warm-up call on copies
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan.forward(re, im, yr, yi);
      let err = 0;
      for (const k of [0, 1, 7, n >> 1, n - 1, 12345 % n]) {
        const [er, ei] = dftBin(re, im, k);
        err = Math.max(err, Math.abs(yr[k] - er), Math.abs(yi[k] - ei));
      }
      // relative to the spectrum's RMS, sqrt(Σ|x|²) by Parseval
      let energy = 0;
      for (let j = 0; j < n; j++) energy += re[j] * re[j] + im[j] * im[j];
      expect(err / Math.sqrt(energy), `n = ${n}`).toBeLessThan(1e-12);
    }
  });

  it('is within 1e-12 (relative) of numpy.fft for n up to 100000', () => {
    for (const c of numpyCases.filter((c) => c.op === 'fft' || c.op === 'ifft')) {
      const re = formulaSignal(c.n, 7919, 104729, 1);
      const im = formulaSignal(c.n, 3571, 7907, 5);
      const plan = new FFTPlan(c.n, { backend });
      if (c.op === 'fft') plan.forward(re, im);
      else plan.inverse(re, im);
      expect(sampledError(c, re, im), `${c.op} n = ${c.n}`).toBeLessThan(1e-12);
    }
  });

  it('computes float32 arrays in float64 and rounds once', () => {
    const n = 384;
    const re = randomSignal(n, 1);
    const im = randomSignal(n, 2);
    const r32 = Float32Array.from(re);
    const i32 = Float32Array.from(im);
    const [er, ei] = naiveDft(r32, i32);
    const plan = new FFTPlan(n, { backend });
    const or = new Float32Array(n);
    const oi = new Float32Array(n);
    plan.forward(r32, i32, or, oi);
    expect(relError(or, er, oi, ei)).toBeLessThan(1e-7);
    // mixed: float32 in, float64 out, in the inverse direction
    const br = new Float64Array(n);
    const bi = new Float64Array(n);
    plan.inverse(or, oi, br, bi);
    expect(relError(br, r32, bi, i32)).toBeLessThan(1e-6);
  });

  it('runs in place and on outputs that alias the inputs', () => {
    const n = 100;
    const re = randomSignal(n, 3);
    const im = randomSignal(n, 4);
    const [er, ei] = naiveDft(re, im);
    const plan = new FFTPlan(n, { backend });
    const a = re.slice();
    const b = im.slice();
    plan.forward(a, b);
    expect(relError(a, er, b, ei)).toBeLessThan(1e-14);
    // swapped outputs: out re is the input im array
    const c = re.slice();
    const d = im.slice();
    plan.forward(c, d, d, c);
    expect(relError(d, er, c, ei)).toBeLessThan(1e-14);
  });

  it('rejects bad lengths and arrays with typed errors', () => {
    expect(() => new FFTPlan(0, { backend })).toThrow(/FFTPlan: length must be an integer >= 1, got 0/);
    expect(() => new FFTPlan(2.5, { backend })).toThrow(expect.objectContaining({ name: 'ValueError' }));
    const plan = new FFTPlan(8, { backend });
    expect(() => plan.forward(new Float64Array(8), new Float64Array(7))).toThrow(
      expect.objectContaining({
        name: 'ShapeError',
        message: 'FFTPlan.forward: im must have length 8, got 7',
      }),
    );
    expect(() => plan.forward([1, 2] as unknown as Float64Array, new Float64Array(8))).toThrow(
      expect.objectContaining({ name: 'DTypeError' }),
    );
    const shared = new Float64Array(8);
    expect(() => plan.forward(new Float64Array(8), new Float64Array(8), shared, shared)).toThrow(
      expect.objectContaining({ name: 'ValueError' }),
    );
    const buf = new Float64Array(12);
    expect(() =>
      plan.forward(new Float64Array(8), new Float64Array(8), buf.subarray(0, 8), buf.subarray(4, 12)),
    ).toThrow(/must not share memory/);
  });

  it('reports its algorithm and engine', () => {
    expect(new FFTPlan(1024, { backend }).algorithm).toBe('stockham');
    expect(new FFTPlan(1024, { backend }).backend).toBe(backend === 'js' ? 'js' : 'wasm-simd');
    expect(new FFTPlan(10007, { backend }).algorithm).toBe('bluestein');
    // Bluestein's convolution (a power of two, 32768) runs on the wasm passes
    expect(new FFTPlan(10007, { backend }).backend).toBe(backend === 'js' ? 'js' : 'wasm-simd');
    // 2^3·5^3: radix-2, -4 and -5 passes on wasm
    expect(new FFTPlan(1000, { backend }).backend).toBe(backend === 'js' ? 'js' : 'wasm-simd');
    // odd: the JS passes either way
    expect(new FFTPlan(3 ** 7, { backend }).backend).toBe('js');
  });
});
