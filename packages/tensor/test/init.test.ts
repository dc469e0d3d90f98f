import { describe, expect, it } from 'vitest';
import {
  calculateGain,
  fans,
  Generator,
  kaimingNormal,
  kaimingUniform,
  linearInit,
  matmul,
  orthogonal,
  rnnInit,
  ShapeError,
  transpose,
  xavierNormal,
  xavierUniform,
} from '../src/index';
import { arr } from './helpers';

const std = (xs: number[]) => {
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length);
};

describe('initialisers', () => {
  const rng = new Generator(0);
  it('fans and gains follow torch.nn.init', () => {
    expect(fans([8, 4, 3])).toEqual({ fanIn: 12, fanOut: 24 });
    expect(calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(calculateGain('leaky_relu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(() => fans([3])).toThrow(ShapeError);
  });
  it('bounds and spreads', () => {
    const xu = arr(xavierUniform([200, 300], { rng }));
    const a = Math.sqrt(6 / 500);
    expect(Math.max(...xu.map(Math.abs))).toBeLessThanOrEqual(a);
    expect(std(xu)).toBeCloseTo(a / Math.sqrt(3), 2);
    expect(std(arr(xavierNormal([200, 300], { rng, dtype: 'float64' })))).toBeCloseTo(Math.sqrt(2 / 500), 2);
    expect(std(arr(kaimingNormal([300, 200], { rng, nonlinearity: 'relu' })))).toBeCloseTo(
      Math.sqrt(2 / 200),
      2,
    );
    const ku = arr(kaimingUniform([64, 100], { rng, a: Math.sqrt(5) }));
    expect(Math.max(...ku.map(Math.abs))).toBeLessThanOrEqual(0.1);
  });
  it('PyTorch layer defaults: Linear and RNN', () => {
    const { weight, bias } = linearInit(10, 25, { rng });
    expect(weight.shape).toEqual([10, 25]);
    expect(bias.shape).toEqual([10]);
    expect(Math.max(...arr(weight).map(Math.abs))).toBeLessThanOrEqual(0.2);
    expect(Math.max(...arr(rnnInit([40, 16], 16, { rng })).map(Math.abs))).toBeLessThanOrEqual(0.25);
  });
  it('orthogonal gives orthonormal rows or columns', () => {
    for (const shape of [
      [6, 4],
      [4, 6],
      [5, 5],
    ] as const) {
      const q = orthogonal(shape, { rng, dtype: 'float64', gain: 2 });
      const small = shape[0] >= shape[1] ? matmul(transpose(q), q) : matmul(q, transpose(q));
      const n = Math.min(shape[0], shape[1]);
      const g = arr(small);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(g[i * n + j]).toBeCloseTo(i === j ? 4 : 0, 12);
    }
  });
});
