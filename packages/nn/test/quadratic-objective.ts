// The objective the optimiser tests share: L(θ) = Σ c·θ² + Σ d·θ from θ₀ = [0.5, −1.5, 2.0].
// The reference values in the tests came from the same run in PyTorch 1.13 (CPU, float64 unless
// said otherwise): opt.zero_grad(); L.backward(); opt.step(), repeated.
import { type DType, type Tensor, tensor } from '@seqmod/tensor';
import type { Optimizer } from '../src/index';

export const theta0 = [0.5, -1.5, 2.0];

export function quadraticLoss(theta: Tensor): Tensor {
  const c = tensor([1.0, 0.5, 2.0], { dtype: theta.dtype });
  const d = tensor([0.3, -0.2, 0.1], { dtype: theta.dtype });
  return theta.mul(theta).mul(c).sum().add(theta.mul(d).sum());
}

/** Runs `steps` optimiser steps on the objective; returns θ after each step. */
export function runQuadratic(
  make: (params: Tensor[]) => Pick<Optimizer, 'zeroGrad' | 'step'>,
  steps: number,
  dtype: DType = 'float64',
): number[][] {
  const theta = tensor(theta0, { dtype, requiresGrad: true });
  const opt = make([theta]);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    quadraticLoss(theta).backward();
    opt.step();
    out.push(Array.from(theta.toArray()));
  }
  return out;
}
