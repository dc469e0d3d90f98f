import { fromArray, gradcheck } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { fftconv } from '../src/fftconv';
import { directCausalConv, randomSignal, relError } from './helpers/reference';

const f64 = (data: Float64Array, shape: number[], requiresGrad = false) =>
  fromArray(data, shape, { dtype: 'float64', requiresGrad });

describe('fftconv', () => {
  it('convolves each row causally, [H, L] with [H, L]', () => {
    const [H, L] = [3, 31];
    const u = randomSignal(H * L, 1);
    const k = randomSignal(H * L, 2);
    const y = fftconv(f64(u, [H, L]), f64(k, [H, L]));
    expect(y.shape).toEqual([H, L]);
    const out = y.toArray();
    for (let h = 0; h < H; h++) {
      const e = directCausalConv(u.subarray(h * L, (h + 1) * L), k.subarray(h * L, (h + 1) * L));
      expect(relError(out.subarray(h * L, (h + 1) * L), e)).toBeLessThan(1e-13);
    }
  });

  it('broadcasts a kernel [H, L] over a batch [B, H, L]', () => {
    const [B, H, L] = [2, 3, 16];
    const u = randomSignal(B * H * L, 3);
    const k = randomSignal(H * L, 4);
    const y = fftconv(f64(u, [B, H, L]), f64(k, [H, L]));
    expect(y.shape).toEqual([B, H, L]);
    const out = y.toArray();
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const r = b * H + h;
        const e = directCausalConv(u.subarray(r * L, (r + 1) * L), k.subarray(h * L, (h + 1) * L));
        expect(relError(out.subarray(r * L, (r + 1) * L), e)).toBeLessThan(1e-13);
      }
    }
  });

  it('passes gradcheck in u and k, with broadcasting and a short kernel', () => {
    const u = f64(randomSignal(2 * 3 * 9, 5), [2, 3, 9], true);
    const k = f64(randomSignal(3 * 4, 6), [3, 4], true);
    const r = gradcheck((a, b) => fftconv(a, b), [u, k]);
    expect(r.ok, r.message).toBe(true);
    const k2 = f64(randomSignal(1 * 12, 7), [1, 12], true); // longer than L, broadcast over rows
    const r2 = gradcheck((a, b) => fftconv(a, b), [u, k2]);
    expect(r2.ok, r2.message).toBe(true);
  });

  it('keeps float32 tensors float32', () => {
    const u = fromArray(randomSignal(8, 8), [1, 8], { dtype: 'float32' });
    const k = fromArray(randomSignal(8, 9), [1, 8], { dtype: 'float32' });
    const y = fftconv(u, k);
    expect(y.dtype).toBe('float32');
    expect(relError(y.toArray(), directCausalConv(u.toArray(), k.toArray()))).toBeLessThan(1e-6);
  });

  it('refuses mixed dtypes, empty axes and shapes that do not broadcast', () => {
    const u = f64(randomSignal(8, 1), [2, 4]);
    expect(() => fftconv(u, fromArray(randomSignal(4, 2), [4], { dtype: 'float32' }))).toThrow(
      expect.objectContaining({ name: 'DTypeError', message: expect.stringMatching(/^fftconv:/) }),
    );
    expect(() => fftconv(u, f64(randomSignal(12, 3), [3, 4]))).toThrow(
      expect.objectContaining({ name: 'ShapeError' }),
    );
    expect(() => fftconv(f64(new Float64Array(0), [2, 0]), u)).toThrow(
      expect.objectContaining({
        name: 'ValueError',
        message: 'fftconv: u and k need at least one sample each, got lengths 0 and 4',
      }),
    );
  });
});
