import { assertGradcheck, DTypeError, Generator, ShapeError, Tensor, tensor } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LayerNorm, layerNorm } from '../src/index';

const close = (actual: ArrayLike<number>, expected: number[], digits = 12) =>
  expected.forEach((v, i) => expect(actual[i]!).toBeCloseTo(v, digits));

describe('layerNorm', () => {
  it('matches torch.nn.LayerNorm(4) values and gradients', () => {
    // torch 1.13, float64: weight [1.5, 0.5, -1, 2], bias [0.1, 0.2, 0.3, 0.4], loss Σ y·c.
    const ln = new LayerNorm(4, { dtype: 'float64' });
    ln.loadStateDict({ weight: tensor([1.5, 0.5, -1.0, 2.0]), bias: tensor([0.1, 0.2, 0.3, 0.4]) });
    const x = tensor(
      [
        [0.5, -1.0, 2.0, 0.25],
        [3.0, 3.5, 2.5, 4.0],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    const c = tensor(
      [
        [1.0, -2.0, 0.5, 0.3],
        [0.7, 0.1, -1.0, 2.0],
      ],
      { dtype: 'float64' },
    );
    const y = ln.forward(x);
    y.mul(c).sum().backward();
    close(
      y.toArray(),
      [
        0.18793117197876655, -0.4741389707660879, -1.1655194962232451, 0.04827532400586265,
        -0.5708096588911172, 0.42360322310730986, 1.6416193326833954, 3.0832386474853966,
      ],
    );
    close(
      x.grad!.toArray(),
      [
        1.2579899313360627, -0.8895871128825237, -0.8151292079005725, 0.44672638944703374,
        -0.13418482831330802, -3.3540254056691046, 1.207388699975037, 2.2808215340073765,
      ],
    );
    close(
      ln.weight!.grad!.toArray(),
      [-0.2544237278521419, 2.741276539010696, 2.0743790748345536, 2.630479939231742],
    );
    close(ln.bias!.grad!.toArray(), [1.7, -1.9, -0.5, 2.3]);
  });
  it('gradchecks over several trailing dimensions, with and without affine parameters', () => {
    const rng = new Generator(1);
    const x = rng.normal([2, 3, 2, 3], 0, 1, { dtype: 'float64' });
    const w = rng.normal([2, 3], 1, 0.5, { dtype: 'float64' });
    const b = rng.normal([2, 3], 0, 0.5, { dtype: 'float64' });
    assertGradcheck((xx, ww, bb) => layerNorm(xx!, [2, 3], ww!, bb!), [x, w, b]);
    assertGradcheck((xx) => layerNorm(xx!, 3), [x]);
    // A non-contiguous input goes through the same kernel.
    assertGradcheck((xx, ww) => layerNorm(xx!.transpose(0, 1), [2, 3], ww!), [x, w]);
  });
  it('rows have mean 0 and variance 1/(1 + ε/σ²) without affine (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10000 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        (seed, shift) => {
          const x = new Generator(seed).normal([3, 16], 0, 2, { dtype: 'float64' }).add(shift);
          const y = layerNorm(x, 16, null, null, 0);
          const m = y.mean(-1).toArray();
          const v = y.square().mean(-1).toArray();
          return (
            Array.from(m).every((a) => Math.abs(a) < 1e-9) &&
            Array.from(v).every((a) => Math.abs(a - 1) < 1e-9)
          );
        },
      ),
      { numRuns: 30 },
    );
  });
  it('is stable for a large common offset (two-pass variance)', () => {
    const x = tensor([1e8 + 1, 1e8 - 1], { dtype: 'float64' });
    expect(Array.from(layerNorm(x, 2, null, null, 0).toArray())).toEqual([1, -1]);
  });
  it('torch parameter names, options and errors', () => {
    expect(Object.keys(new LayerNorm([2, 3]).stateDict())).toEqual(['weight', 'bias']);
    expect(Object.keys(new LayerNorm(3, { bias: false }).stateDict())).toEqual(['weight']);
    expect(new LayerNorm(3, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(() => new LayerNorm(4).forward(tensor([[1, 2, 3]]))).toThrow(
      /layerNorm: expected input \[\.\.\., 4\], got \[1, 3\]/,
    );
    expect(() => layerNorm(tensor([1, 2]), 2, tensor([1, 1], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => layerNorm(tensor([1, 2]), 2, tensor([1, 1, 1]))).toThrow(ShapeError);
    expect(new LayerNorm(3).forward(tensor([[1, 2, 3]]))).toBeInstanceOf(Tensor);
  });
});
