// Seeded random inputs for the tests.
import { type DType, Generator, type Tensor } from '@seqmod/tensor';
import type { CellKind, DirectionWeights } from '../src/index';
import { gateCount } from '../src/index';

/** N(0, std²) of `shape`, float64 unless told, optionally a leaf that requires grad. */
export function randn(
  shape: number[],
  seed: number,
  opts: { std?: number; dtype?: DType; grad?: boolean } = {},
): Tensor {
  return new Generator(seed).normal(shape, 0, opts.std ?? 1, {
    dtype: opts.dtype ?? 'float64',
    requiresGrad: opts.grad,
  });
}

/** Random weights of one direction (std 0.5 keeps the gates away from saturation). */
export function randomWeights(
  kind: CellKind,
  I: number,
  H: number,
  seed: number,
  bias = true,
): DirectionWeights {
  const GH = gateCount(kind) * H;
  const o = { std: 0.5, grad: true };
  return {
    weightIh: randn([GH, I], seed, o),
    weightHh: randn([GH, H], seed + 1, o),
    biasIh: bias ? randn([GH], seed + 2, o) : null,
    biasHh: bias ? randn([GH], seed + 3, o) : null,
  };
}

/** Random valid lengths in [0, L] (at least one full sequence when `oneFull`). */
export function randomLengths(B: number, L: number, seed: number, oneFull = false): number[] {
  const g = new Generator(seed);
  const out = Array.from({ length: B }, () => g.randint(0, L + 1));
  if (oneFull) out[g.randint(0, B)] = L;
  return out;
}

export const ALL_KINDS: readonly CellKind[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru'];
