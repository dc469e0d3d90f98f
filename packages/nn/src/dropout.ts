// Dropout (Srivastava et al. 2014) in its inverted form, as torch.nn.Dropout: during training
// each element is zeroed with probability p and the survivors are scaled by 1/(1 − p), so the
// expected activation is unchanged and eval mode is the plain identity (no rescaling there).
//
// Masks come from a seqmod Generator, so a seed fixes them: runs are reproducible, and a test can
// predict exactly which elements drop.
import { allocate, fromArray, Generator, mul, type Tensor, ValueError } from '@seqmod/tensor';
import { Module } from './module';

function checkP(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(op, `p must be in [0, 1], got ${p}`);
}

/**
 * The mask dropout multiplies by: 0 with probability p, else 1/(1 − p). Element i keeps when the
 * generator's i-th uniform draw is ≥ p. x: [...] -> mask: [...] (same shape and dtype as `like`).
 */
export function dropoutMask(like: Tensor, p: number, rng: Generator): Tensor {
  checkP('dropoutMask', p);
  const mask = allocate(like.dtype, like.size);
  // p = 1 drops everything (torch returns zeros); 1/(1 − p) would be infinite, and 0·∞ is NaN.
  if (p < 1) {
    const scale = 1 / (1 - p);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.random() >= p ? scale : 0;
  }
  return fromArray(mask, like.shape);
}

/**
 * Functional dropout. x: [...] -> y: [...]. Identity (x itself) when `training` is false or p = 0;
 * otherwise x ⊙ mask with the mask drawn from `rng`. Differentiable in x (the mask is a constant).
 */
export function dropout(x: Tensor, p: number, training: boolean, rng: Generator): Tensor {
  checkP('dropout', p);
  if (!training || p === 0) return x;
  return mul(x, dropoutMask(x, p, rng));
}

export interface DropoutOptions {
  /**
   * Source of the masks. When omitted, each Dropout takes its own stream from a package-wide
   * generator (seed 'seqmod.nn.dropout'): two layers never share masks, and a program that builds
   * its layers in the same order gets the same masks on every run.
   */
  rng?: Generator;
}

const defaultStreams = new Generator('seqmod.nn.dropout');

/** torch.nn.Dropout(p). x: [...] -> y: [...]; active in train mode, the identity in eval mode. */
export class Dropout extends Module {
  readonly p: number;
  readonly rng: Generator;

  constructor(p = 0.5, opts: DropoutOptions = {}) {
    super();
    checkP('Dropout', p);
    this.p = p;
    this.rng = opts.rng ?? defaultStreams.spawn();
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.rng);
  }
}
