import { describe, expect, it } from 'vitest';
import { ssmKernelDenseArray } from '../src/kernel-dense';
import {
  diagKernelArray,
  s4dKernelArray,
  vandermondeBackwardArray,
  vandermondeKernelArray,
} from '../src/kernel-diagonal';
import { randomComplex, realSystem, relErr, rng } from './support/reference';

describe('diagonal (Vandermonde) kernels', () => {
  it('vandermonde equals 2 Re Σ W e^{lz} computed term by term, for long L too', () => {
    const r = rng(5);
    const z = {
      re: Float64Array.from({ length: 3 }, () => -0.001 * Math.abs(r())),
      im: Float64Array.from({ length: 3 }, () => 0.3 * r()),
    };
    const W = randomComplex(3, r);
    const L = 3000;
    const K = vandermondeKernelArray(z, W, L);
    let worst = 0;
    for (const l of [0, 1, 63, 64, 65, 1000, 2999]) {
      let s = 0;
      for (let n = 0; n < 3; n++) {
        const m = Math.exp(l * z.re[n]!);
        s += 2 * m * (W.re[n]! * Math.cos(l * z.im[n]!) - W.im[n]! * Math.sin(l * z.im[n]!));
      }
      worst = Math.max(worst, Math.abs(K[l]! - s));
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('equals dense powers of the real form of the complex diagonal system (ZOH and bilinear)', () => {
    const r = rng(8);
    const N = 4;
    const lam = {
      re: Float64Array.from({ length: N }, () => -0.5),
      im: Float64Array.from({ length: N }, (_, n) => Math.PI * n),
    };
    const B = randomComplex(N, r);
    const C = randomComplex(N, r);
    const A = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
    for (let n = 0; n < N; n++) {
      A.re[n * N + n] = lam.re[n]!;
      A.im[n * N + n] = lam.im[n]!;
    }
    const sys = realSystem(A, B, C, N);
    for (const method of ['zoh', 'bilinear'] as const) {
      const K = diagKernelArray(lam, B, C, 0.1, 50, method);
      expect(relErr(K, ssmKernelDenseArray(sys.A, sys.B, sys.C, 0.1, 50, method))).toBeLessThan(1e-13);
    }
  });

  it('s4dKernelArray is the ZOH diagonal kernel with B = 1, per channel', () => {
    const r = rng(9);
    const H = 2;
    const N2 = 3;
    const A = {
      re: Float64Array.from({ length: H * N2 }, () => -Math.abs(r())),
      im: Float64Array.from({ length: H * N2 }, () => 5 * r()),
    };
    const C = randomComplex(H * N2, r);
    const logDt = Float64Array.of(Math.log(0.01), Math.log(0.2));
    const K = s4dKernelArray(logDt, A, C, 20);
    for (let h = 0; h < H; h++) {
      const sl = (x: Float64Array) => x.subarray(h * N2, (h + 1) * N2);
      const ones = { re: new Float64Array(N2).fill(1), im: new Float64Array(N2) };
      const ref = diagKernelArray(
        { re: sl(A.re), im: sl(A.im) },
        ones,
        { re: sl(C.re), im: sl(C.im) },
        Math.exp(logDt[h]!),
        20,
      );
      expect(relErr(K.subarray(h * 20, (h + 1) * 20), ref)).toBeLessThan(1e-14);
    }
  });

  it('has the adjoint its backward claims: ⟨G, dK⟩ = Re⟨gW, dW⟩ + Re⟨gz, dz⟩ (finite differences)', () => {
    const r = rng(12);
    const z = { re: Float64Array.of(-0.1, -0.02), im: Float64Array.of(0.7, -2) };
    const W = randomComplex(2, r);
    const L = 70;
    const G = Float64Array.from({ length: L }, r);
    const gz = { re: new Float64Array(2), im: new Float64Array(2) };
    const gW = { re: new Float64Array(2), im: new Float64Array(2) };
    vandermondeBackwardArray(z, W, G, gz, gW);
    const loss = () => Array.from(vandermondeKernelArray(z, W, L)).reduce((s, k, l) => s + k * G[l]!, 0);
    const h = 1e-6;
    for (const [x, g] of [
      [z.re, gz.re],
      [z.im, gz.im],
      [W.re, gW.re],
      [W.im, gW.im],
    ] as const) {
      for (let n = 0; n < 2; n++) {
        const x0 = x[n]!;
        x[n] = x0 + h;
        const up = loss();
        x[n] = x0 - h;
        const down = loss();
        x[n] = x0;
        expect(g[n]).toBeCloseTo((up - down) / (2 * h), 5);
      }
    }
  });
});
