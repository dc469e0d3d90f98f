import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RealFFTPlan } from '../src/real-plan';
import { numpyCases, sampledError } from './helpers/numpy-reference';
import { formulaSignal, naiveDft, randomSignal, relError } from './helpers/reference';

function rfftNaive(x: Float64Array): [Float64Array, Float64Array] {
  const [re, im] = naiveDft(x, new Float64Array(x.length));
  const bins = (x.length >> 1) + 1;
  return [re.slice(0, bins), im.slice(0, bins)];
}

// Every case runs on both engines: 'auto' (wasm SIMD for powers of two) and the JS fallback.
describe.each(['auto', 'js'] as const)('RealFFTPlan (backend %s)', (backend) => {
  it('matches the first n/2 + 1 bins of the naive DFT, odd and even n', () => {
    for (const n of [...Array.from({ length: 70 }, (_, i) => i + 1), 100, 128, 254, 256, 257, 1000, 1024]) {
      const plan = new RealFFTPlan(n, { backend });
      expect(plan.bins).toBe((n >> 1) + 1);
      const x = randomSignal(n, n);
      const re = new Float64Array(plan.bins);
      const im = new Float64Array(plan.bins);
      plan.forward(x, re, im);
      const [er, ei] = rfftNaive(x);
      expect(relError(re, er, im, ei), `n = ${n}`).toBeLessThan(1e-13);
      expect(im[0]).toBe(0);
      if (n % 2 === 0) expect(im[n >> 1]).toBe(0);
    }
  });

  it('inverts: irfft(rfft(x)) = x for random n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.integer(), (n, seed) => {
        const plan = new RealFFTPlan(n, { backend });
        const x = randomSignal(n, seed);
        const re = new Float64Array(plan.bins);
        const im = new Float64Array(plan.bins);
        plan.forward(x, re, im);
        const back = new Float64Array(n);
        plan.inverse(re, im, back);
        expect(relError(back, x)).toBeLessThan(1e-13);
      }),
      { numRuns: 60 },
    );
  });

  it('ignores the imaginary parts of bin 0 and (even n) bin n/2 on the way back, as numpy does', () => {
    for (const n of [16, 15, 10]) {
      const plan = new RealFFTPlan(n, { backend });
      const re = randomSignal(plan.bins, 1);
      const im = randomSignal(plan.bins, 2);
      const a = new Float64Array(n);
      plan.inverse(re, im, a);
      im[0] = 123;
      if (n % 2 === 0) im[n >> 1] = -45;
      const b = new Float64Array(n);
      plan.inverse(re, im, b);
      expect(b).toEqual(a);
      // and equals the naive Hermitian inverse
      const fullRe = new Float64Array(n);
      const fullIm = new Float64Array(n);
      for (let k = 0; k < plan.bins; k++) {
        fullRe[k] = re[k];
        fullIm[k] = k === 0 || 2 * k === n ? 0 : im[k];
        if (k > 0) {
          fullRe[n - k] = re[k];
          fullIm[n - k] = -fullIm[k];
        }
      }
      const [er] = naiveDft(fullRe, fullIm, +1);
      expect(
        relError(
          a,
          er.map((v) => v / n),
        ),
      ).toBeLessThan(1e-14);
    }
  });

  it('runs powers of two >= 16 in wasm, else the fused half-length JS path for powers of two >= 16', () => {
    const pow2 = new RealFFTPlan(4096, { backend });
    const fused = (p: RealFFTPlan) => (p as unknown as { fused: unknown }).fused;
    if (backend === 'js') {
      expect(pow2.backend).toBe('js');
      expect(fused(pow2)).not.toBeNull();
    } else {
      expect(pow2.backend).toBe('wasm-simd');
    }
    expect(new RealFFTPlan(16, { backend }).backend).toBe(backend === 'js' ? 'js' : 'wasm-simd');
    expect(new RealFFTPlan(8, { backend }).backend).toBe('js');
    expect(fused(new RealFFTPlan(1000, { backend }))).toBeNull();
  });

  it('is within 1e-12 (relative) of numpy.fft.rfft / irfft up to n = 65536', () => {
    for (const c of numpyCases.filter((c) => c.op === 'rfft' || c.op === 'irfft')) {
      const plan = new RealFFTPlan(c.n, { backend });
      if (c.op === 'rfft') {
        const re = new Float64Array(plan.bins);
        const im = new Float64Array(plan.bins);
        plan.forward(formulaSignal(c.n, 7919, 104729, 1), re, im);
        expect(sampledError(c, re, im), `rfft n = ${c.n}`).toBeLessThan(1e-12);
      } else {
        const out = new Float64Array(c.n);
        plan.inverse(formulaSignal(plan.bins, 7919, 104729, 1), formulaSignal(plan.bins, 3571, 7907, 5), out);
        expect(sampledError(c, out), `irfft n = ${c.n}`).toBeLessThan(1e-12);
      }
    }
  });

  it('accepts float32 input and output (fused and plain paths)', () => {
    for (const n of [512, 500]) {
      const plan = new RealFFTPlan(n, { backend });
      const x32 = Float32Array.from(randomSignal(n, 9));
      const re = new Float32Array(plan.bins);
      const im = new Float32Array(plan.bins);
      plan.forward(x32, re, im);
      const [er, ei] = rfftNaive(Float64Array.from(x32));
      expect(relError(re, er, im, ei)).toBeLessThan(1e-7);
      const back = new Float32Array(n);
      plan.inverse(re, im, back);
      expect(relError(back, x32)).toBeLessThan(1e-6);
    }
  });

  it('rejects wrong lengths and shared outputs', () => {
    const plan = new RealFFTPlan(8, { backend });
    expect(() => plan.forward(new Float64Array(8), new Float64Array(4), new Float64Array(5))).toThrow(
      expect.objectContaining({
        name: 'ShapeError',
        message: 'RealFFTPlan.forward: outRe must have length 5, got 4',
      }),
    );
    const shared = new Float64Array(5);
    expect(() => plan.forward(new Float64Array(8), shared, shared)).toThrow(/must not share memory/);
    expect(() => plan.inverse(new Float64Array(5), new Float64Array(5), new Float64Array(9))).toThrow(
      expect.objectContaining({ name: 'ShapeError' }),
    );
  });
});
