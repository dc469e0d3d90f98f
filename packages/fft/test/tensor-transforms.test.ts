import { ComplexTensor, complex, fromArray, gradcheck, Tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { fft, ifft, irfft, rfft } from '../src/tensor-transforms';
import { naiveDft, randomSignal, relError } from './helpers/reference';

const f64 = (data: Float64Array, shape: number[], requiresGrad = false) =>
  fromArray(data, shape, { dtype: 'float64', requiresGrad });

function rowOf(t: Tensor, r: number, n: number): Float64Array {
  return Float64Array.from(t.toArray().subarray(r * n, (r + 1) * n));
}

describe('fft / ifft on tensors', () => {
  it('transforms every row of a batch along the last axis', () => {
    const [B, H, n] = [2, 3, 12];
    const re = randomSignal(B * H * n, 1);
    const im = randomSignal(B * H * n, 2);
    const y = fft(complex(f64(re, [B, H, n]), f64(im, [B, H, n])));
    expect(y.shape).toEqual([B, H, n]);
    for (let r = 0; r < B * H; r++) {
      const [er, ei] = naiveDft(re.subarray(r * n, (r + 1) * n), im.subarray(r * n, (r + 1) * n));
      expect(relError(rowOf(y.re, r, n), er, rowOf(y.im, r, n), ei)).toBeLessThan(1e-14);
    }
    const back = ifft(y);
    expect(relError(back.re.toArray(), re, back.im.toArray(), im)).toBeLessThan(1e-14);
  });

  it('follows numpy for n: zero-pads or truncates the last axis', () => {
    const re = Float64Array.of(1, 2, 3);
    const x = complex(f64(re, [3]));
    const padded = fft(x, 5);
    const [er, ei] = naiveDft(Float64Array.of(1, 2, 3, 0, 0), new Float64Array(5));
    expect(relError(padded.re.toArray(), er, padded.im.toArray(), ei)).toBeLessThan(1e-15);
    const cut = fft(x, 2);
    expect([...cut.re.toArray()]).toEqual([3, -1]);
  });

  it('reads strided views and keeps float32 as float32', () => {
    const re = randomSignal(24, 3);
    const t = f64(re, [4, 6]).transpose(); // [6, 4], not contiguous
    const y = fft(complex(t));
    const rows = t.toArray();
    for (let r = 0; r < 6; r++) {
      const [er] = naiveDft(rows.subarray(r * 4, r * 4 + 4), new Float64Array(4));
      expect(relError(rowOf(y.re, r, 4), er)).toBeLessThan(1e-15);
    }
    const y32 = fft(complex(fromArray(re, [24], { dtype: 'float32' })));
    expect(y32.dtype).toBe('float32');
  });

  it('refuses 0-d tensors and empty transforms', () => {
    const scalar = complex(f64(Float64Array.of(1), []));
    expect(() => fft(scalar)).toThrow(
      expect.objectContaining({ name: 'ShapeError', message: expect.stringMatching(/^fft:/) }),
    );
    const x = complex(f64(Float64Array.of(1, 2), [2]));
    expect(() => ifft(x, 0)).toThrow(
      expect.objectContaining({ name: 'ValueError', message: 'ifft: n must be an integer >= 1, got 0' }),
    );
  });

  it('has gradients that pass gradcheck (with padding and truncation)', () => {
    const re = f64(randomSignal(10, 4), [2, 5], true);
    const im = f64(randomSignal(10, 5), [2, 5], true);
    for (const n of [5, 7, 3]) {
      for (const op of [fft, ifft]) {
        const r = gradcheck(
          (a, b) => {
            const y = op(new ComplexTensor(a, b), n);
            return [y.re, y.im];
          },
          [re, im],
        );
        expect(r.ok, `${op.name} n=${n}: ${r.message}`).toBe(true);
      }
    }
  });
});

describe('rfft / irfft on tensors', () => {
  it('matches numpy semantics for odd and even n', () => {
    for (const [m, n] of [
      [10, 12],
      [15, 15],
      [16, 16],
      [64, 50],
    ]) {
      const x = randomSignal(m, m);
      const y = rfft(f64(x, [m]), n);
      const bins = (n >> 1) + 1;
      expect(y.shape).toEqual([bins]);
      const padded = new Float64Array(n);
      padded.set(x.subarray(0, Math.min(m, n)));
      const [er, ei] = naiveDft(padded, new Float64Array(n));
      expect(
        relError(y.re.toArray(), er.subarray(0, bins), y.im.toArray(), ei.subarray(0, bins)),
      ).toBeLessThan(1e-14);
      const back = irfft(y, n);
      expect(back.shape).toEqual([n]);
      expect(relError(back.toArray(), padded)).toBeLessThan(1e-14);
    }
  });

  it('defaults irfft to n = 2(m - 1) and accepts fewer or more bins than needed', () => {
    const X = complex(f64(Float64Array.of(4, 1, 0), [3]), f64(Float64Array.of(0, -1, 0), [3]));
    const y = irfft(X);
    expect(y.shape).toEqual([4]);
    const more = irfft(X, 2); // uses bins 0 and 1 only
    expect([...more.toArray()]).toEqual([2.5, 1.5]);
    const fewer = irfft(X, 8); // bins 3, 4 count as zero
    expect(fewer.shape).toEqual([8]);
    expect(() => irfft(complex(f64(Float64Array.of(1), [1])))).toThrow(
      /irfft: the last axis must hold at least one point to transform, got 0/,
    );
  });

  it('has gradients that pass gradcheck', () => {
    for (const [m, n] of [
      [6, 6],
      [5, 5],
      [6, 9],
      [7, 4],
    ]) {
      const x = f64(randomSignal(2 * m, m), [2, m], true);
      const r = gradcheck(
        (a) => {
          const y = rfft(a, n);
          return [y.re, y.im];
        },
        [x],
      );
      expect(r.ok, `rfft m=${m} n=${n}: ${r.message}`).toBe(true);
    }
    for (const [m, n] of [
      [4, 6],
      [4, 7],
      [3, 8],
      [6, 4],
    ]) {
      const re = f64(randomSignal(m, m), [m], true);
      const im = f64(randomSignal(m, m + 1), [m], true);
      const r = gradcheck((a, b) => irfft(new ComplexTensor(a, b), n), [re, im]);
      expect(r.ok, `irfft m=${m} n=${n}: ${r.message}`).toBe(true);
    }
  });

  it('is exposed for ComplexTensor inputs only where complex makes sense', () => {
    expect(rfft(f64(Float64Array.of(1, 2, 3, 4), [4])).re).toBeInstanceOf(Tensor);
  });
});
