import { assertGradcheck, ShapeError, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { MultiHeadLayerNorm } from '../../src/xlstm/multi-head-layer-norm';
import { randn } from './random-inputs';

describe('MultiHeadLayerNorm', () => {
  it('normalises each head to zero mean and unit (biased) variance', () => {
    const norm = new MultiHeadLayerNorm(6, 3, { dtype: 'float64' });
    const x = randn([2, 4, 6], 1, 'float64', 3, 1);
    const y = norm.forward(x).toArray();
    for (let row = 0; row < 8; row++)
      for (let h = 0; h < 3; h++) {
        const g = [y[row * 6 + 2 * h]!, y[row * 6 + 2 * h + 1]!];
        expect(g[0]! + g[1]!).toBeCloseTo(0, 12);
        expect((g[0]! ** 2 + g[1]! ** 2) / 2).toBeCloseTo(
          1 - 1e-5 / (1e-5 + ((x.toArray()[row * 6 + 2 * h]! - x.toArray()[row * 6 + 2 * h + 1]!) / 2) ** 2),
          8,
        );
      }
  });
  it('with one head it is a layer norm over all features; the scale is 1 + weight', () => {
    const norm = new MultiHeadLayerNorm(4, 1, { dtype: 'float64', bias: true });
    const sd = norm.stateDict();
    expect(Object.keys(sd).sort()).toEqual(['bias', 'weight']);
    expect(sd.weight!.toArray().every((v) => v === 0)).toBe(true);
    norm.loadStateDict({
      weight: { shape: [4], data: [0, 1, -0.5, 2] },
      bias: { shape: [4], data: [0.1, 0, 0, -1] },
    });
    const x = randn([3, 4], 2);
    const xs = x.toArray();
    const y = norm.forward(x).toArray();
    for (let r = 0; r < 3; r++) {
      const row = Array.from(xs.slice(r * 4, r * 4 + 4));
      const mu = row.reduce((a, b) => a + b) / 4;
      const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / 4;
      [1, 2, 0.5, 3].forEach((scale, j) => {
        expect(y[r * 4 + j]).toBeCloseTo(
          ((row[j]! - mu) / Math.sqrt(v + 1e-5)) * scale + [0.1, 0, 0, -1][j]!,
          12,
        );
      });
    }
  });
  it('gradients in the input and the weight', () => {
    const norm = new MultiHeadLayerNorm(4, 2, { dtype: 'float64' });
    norm.loadStateDict({ weight: randn([4], 3) });
    assertGradcheck((x) => norm.forward(x), [randn([2, 3, 4], 4)]);
    const w = norm.param('weight');
    const before = w.toArray().slice();
    const x = randn([2, 4], 5);
    const y = norm.forward(x);
    y.mul(randn([2, 4], 6))
      .sum()
      .backward();
    expect(w.grad).not.toBeNull();
    expect(Array.from(w.toArray())).toEqual(Array.from(before));
  });
  it('checks its configuration and input', () => {
    expect(() => new MultiHeadLayerNorm(6, 4)).toThrow(ValueError);
    expect(() => new MultiHeadLayerNorm(6, 3).forward(randn([2, 5], 1, 'float32'))).toThrow(ShapeError);
    expect(() => new MultiHeadLayerNorm(6, 3).forward(randn([2, 5], 1, 'float32'))).toThrow(
      /MultiHeadLayerNorm: expected input \[\.\.\., 6\], got \[2, 5\]/,
    );
    expect(Object.keys(new MultiHeadLayerNorm(4, 2, { weight: false }).stateDict())).toEqual([]);
  });
});
