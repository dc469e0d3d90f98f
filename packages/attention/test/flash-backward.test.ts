import { contiguous } from '@seqmod/tensor';
import { describe, it } from 'vitest';
import { tiledBackward } from '../src/flash-backward';
import { tiledForward } from '../src/flash-forward';
import { scaledDotProductAttention } from '../src/index';
import type { TileProblem } from '../src/tile-kernel';
import { expectClose, gradsOf, randn } from './helpers';

describe('tiledBackward', () => {
  it('sums the gradients of a shared key/value head over its query heads', () => {
    const q = randn([1, 3, 4, 2], 1);
    const k = randn([1, 1, 5, 2], 2);
    const v = randn([1, 1, 5, 3], 3);
    const g = randn([1, 3, 4, 3], 4);
    const pr: TileProblem = {
      B: 1,
      H: 3,
      Hkv: 1,
      Lq: 4,
      Lk: 5,
      d: 2,
      dv: 3,
      q: q.toArray(),
      qOffset: 0,
      k: k.toArray(),
      kOffset: 0,
      v: v.toArray(),
      vOffset: 0,
      scale: 0.6,
      pattern: null,
      slopes: null,
      dropout: null,
      blockQ: 3,
      blockK: 2,
    };
    const fwd = tiledForward(pr);
    const gc = contiguous(g);
    const grads = tiledBackward(pr, fwd.out, fwd.lse, gc.data, gc.offset);
    const ref = gradsOf((a, b, c) => scaledDotProductAttention(a, b, c, { scale: 0.6 }), [q, k, v], g);
    expectClose(grads.dq, ref[0]!.toArray(), 1e-12);
    expectClose(grads.dk, ref[1]!.toArray(), 1e-12);
    expectClose(grads.dv, ref[2]!.toArray(), 1e-12);
  });
});
