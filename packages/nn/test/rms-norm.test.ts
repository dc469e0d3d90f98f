import { assertGradcheck, Generator, ShapeError, tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { RMSNorm, rmsNorm } from '../src/index';

const close = (actual: ArrayLike<number>, expected: number[], digits = 12) =>
  expected.forEach((v, i) => expect(actual[i]!).toBeCloseTo(v, digits));

describe('rmsNorm', () => {
  it('matches the torch formula x·rsqrt(mean(x²) + ε)·w (ε = 1e-5, as Mamba) in values and gradients', () => {
    // torch 1.13 float64 (it predates nn.RMSNorm, so the formula written out; loss Σ y·c).
    const m = new RMSNorm(4, { eps: 1e-5, dtype: 'float64' });
    m.loadStateDict({ weight: tensor([1.5, 0.5, -1.0, 2.0]) });
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
    const y = m.forward(x);
    y.mul(c).sum().backward();
    close(
      y.toArray(),
      [
        0.6507889234316921, -0.43385928228779475, -1.735437129151179, 0.43385928228779475, 1.3645758510509745,
        0.5306683865198234, -0.7580976950283191, 2.4259126240906213,
      ],
    );
    close(
      x.grad!.toArray(),
      [
        1.2280775336311045, -0.72071793811103, -0.7278605352169136, 0.4838809821292139, -0.13802564339212126,
        -0.5173358339541181, -0.07711648474201843, 0.6043874116399569,
      ],
    );
    close(
      m.weight!.grad!.toArray(),
      [1.0706613461115828, 1.8415708064551437, 0.10962086954727035, 2.4909915164337906],
    );
  });
  it('defaults ε to the dtype epsilon (torch eps=None)', () => {
    const x = tensor([3, 4]);
    const rms = Math.sqrt(12.5 + 2 ** -23);
    close(rmsNorm(x, 2).toArray(), [3 / rms, 4 / rms], 6);
  });
  it('gradchecks, with and without weight, over two trailing dimensions', () => {
    const rng = new Generator(2);
    const x = rng.normal([3, 2, 4], 0, 1, { dtype: 'float64' });
    const w = rng.normal([2, 4], 1, 0.5, { dtype: 'float64' });
    assertGradcheck((xx, ww) => rmsNorm(xx!, [2, 4], ww!, 1e-5), [x, w]);
    assertGradcheck((xx) => rmsNorm(xx!.transpose(0, 1), 4), [x]);
  });
  it('names and errors', () => {
    expect(Object.keys(new RMSNorm(8).stateDict())).toEqual(['weight']);
    expect(new RMSNorm(8, { elementwiseAffine: false }).weight).toBeNull();
    expect(() => new RMSNorm(8).forward(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => new RMSNorm(0)).toThrow(/RMSNorm: normalizedShape must be one or more positive integers/);
  });
});
