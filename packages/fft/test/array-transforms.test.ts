import { describe, expect, it } from 'vitest';
import { fftArrays, fftconvArrays, ifftArrays, irfftArrays, rfftArrays } from '../src/array-transforms';
import { directCausalConv, naiveDft, randomSignal, relError } from './helpers/reference';

describe('typed-array API', () => {
  it('fftArrays / ifftArrays: in place and out of place', () => {
    const re = randomSignal(45, 1);
    const im = randomSignal(45, 2);
    const [er, ei] = naiveDft(re, im);
    const a = re.slice();
    const b = im.slice();
    fftArrays(a, b);
    expect(relError(a, er, b, ei)).toBeLessThan(1e-14);
    const cr = new Float64Array(45);
    const ci = new Float64Array(45);
    ifftArrays(a, b, cr, ci);
    expect(relError(cr, re, ci, im)).toBeLessThan(1e-14);
  });

  it('rfftArrays pads or truncates to n; irfftArrays defaults n to 2(m - 1); dtypes follow the input', () => {
    const x = randomSignal(10, 3);
    const { re, im } = rfftArrays(x, 12);
    expect(re.length).toBe(7);
    const padded = new Float64Array(12);
    padded.set(x);
    const [er, ei] = naiveDft(padded, new Float64Array(12));
    expect(relError(re, er.subarray(0, 7), im, ei.subarray(0, 7))).toBeLessThan(1e-14);
    const back = irfftArrays(re, im);
    expect(back.length).toBe(12);
    expect(relError(back, padded)).toBeLessThan(1e-14);
    const r32 = rfftArrays(Float32Array.from(x));
    expect(r32.re).toBeInstanceOf(Float32Array);
    expect(irfftArrays(r32.re, r32.im, 10)).toBeInstanceOf(Float32Array);
    expect(rfftArrays(x, 4).re.length).toBe(3);
  });

  it('fftconvArrays is the causal convolution', () => {
    const u = randomSignal(40, 4);
    const k = randomSignal(9, 5);
    expect(relError(fftconvArrays(u, k), directCausalConv(u, k))).toBeLessThan(1e-13);
    expect(fftconvArrays(Float32Array.from(u), k)).toBeInstanceOf(Float32Array);
  });

  it('throws typed errors that name the function', () => {
    expect(() => fftArrays(new Float64Array(3), new Float64Array(4))).toThrow(
      expect.objectContaining({ name: 'ShapeError', message: 'fftArrays: re has length 3 but im has 4' }),
    );
    expect(() => ifftArrays(new Float64Array(0), new Float64Array(0))).toThrow(
      expect.objectContaining({ name: 'ValueError' }),
    );
    expect(() => rfftArrays([1, 2] as unknown as Float64Array)).toThrow(
      expect.objectContaining({ name: 'DTypeError' }),
    );
    expect(() => irfftArrays(new Float64Array(1), new Float64Array(1))).toThrow(
      /irfftArrays: n cannot default/,
    );
    expect(() => fftconvArrays(new Float64Array(0), new Float64Array(2))).toThrow(
      /fftconvArrays: length must be an integer >= 1, got 0/,
    );
  });
});
