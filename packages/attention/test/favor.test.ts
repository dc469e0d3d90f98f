import { assertGradcheck, Generator, matmul, ShapeError, slice, transpose } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import {
  favorFeatures,
  linearAttention,
  orthogonalRandomFeatures,
  PerformerFeatures,
  scaledDotProductAttention,
} from '../src/index';
import { arr, maxAbsDiff, randn } from './helpers';

describe('FAVOR+ features', () => {
  it('φ(x) = exp(x ωᵀ − ‖x‖²/2)/sqrt(m)', () => {
    const x = randn([1, 1, 2, 3], 1);
    const omega = randn([4, 3], 2);
    const phi = arr(favorFeatures(x, omega));
    const X = arr(x);
    const W = arr(omega);
    for (let i = 0; i < 2; i++) {
      const n2 = X.slice(i * 3, i * 3 + 3).reduce((s, t) => s + t * t, 0);
      for (let r = 0; r < 4; r++) {
        const dot = [0, 1, 2].reduce((s, c) => s + X[i * 3 + c]! * W[r * 3 + c]!, 0);
        expect(phi[i * 4 + r]).toBeCloseTo(Math.exp(dot - n2 / 2) / 2, 13);
      }
    }
    expect(() => favorFeatures(x, randn([4, 2]))).toThrow(ShapeError);
  });

  it('gradients through the features and through Performer attention', () => {
    assertGradcheck((t) => favorFeatures(t, randn([5, 3], 3)), [randn([2, 3], 4)]);
    const phi = new PerformerFeatures(2, { numFeatures: 6, seed: 2, dtype: 'float64' });
    const [q, k, v] = [5, 6, 7].map((s) => randn([1, 1, 4, 2], s));
    assertGradcheck(
      (a, b, c) => linearAttention(a, b, c, { featureMap: phi.map, causal: true, chunkSize: 3 }),
      [q!, k!, v!],
    );
  });

  it('orthogonal random features: rows orthogonal within a block of d, Gaussian norms', () => {
    const omega = orthogonalRandomFeatures(10, 4, new Generator(3), 'float64');
    expect(omega.shape).toEqual([10, 4]);
    for (const [a, b] of [
      [0, 4],
      [4, 8],
      [8, 10],
    ] as const) {
      const block = slice(omega, 0, a, b);
      const gram = arr(matmul(block, transpose(block)));
      const n = b - a;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) if (i !== j) expect(Math.abs(gram[i * n + j]!)).toBeLessThan(1e-12);
    }
    // squared norms ~ chi²(4): mean 4 over many rows
    const big = arr(orthogonalRandomFeatures(4000, 4, new Generator(4), 'float64'));
    let mean = 0;
    for (let r = 0; r < 4000; r++) mean += big.slice(r * 4, r * 4 + 4).reduce((s, t) => s + t * t, 0) / 4000;
    expect(Math.abs(mean - 4)).toBeLessThan(0.15); // std of the mean ≈ 0.045
  });

  it('is seeded and redrawable', () => {
    const a = new PerformerFeatures(8, { seed: 1 });
    const b = new PerformerFeatures(8, { seed: 1 });
    expect(arr(a.omega)).toEqual(arr(b.omega));
    expect(a.numFeatures).toBe(Math.floor(8 * Math.log(8)));
    const first = arr(a.omega);
    a.redraw();
    expect(arr(a.omega)).not.toEqual(first);
    a.redraw(1);
    expect(arr(a.omega)).toEqual(first);
  });

  it('estimates the softmax kernel: Performer attention approaches softmax attention as m grows', () => {
    const d = 8;
    const q = randn([1, 1, 16, d], 5, 'float64', 0.5);
    const k = randn([1, 1, 16, d], 6, 'float64', 0.5);
    const v = randn([1, 1, 16, 4], 7);
    const exact = scaledDotProductAttention(q, k, v);
    const err = (m: number) => {
      let total = 0;
      for (let s = 0; s < 4; s++) {
        const phi = new PerformerFeatures(d, { numFeatures: m, seed: 100 + s, dtype: 'float64' });
        total += maxAbsDiff(linearAttention(q, k, v, { featureMap: phi.map, eps: 0 }), exact);
      }
      return total / 4;
    };
    const coarse = err(16);
    const fine = err(1024);
    expect(fine).toBeLessThan(0.1);
    expect(fine).toBeLessThan(coarse / 3);
  });
});
