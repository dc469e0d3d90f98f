import { assertGradcheck, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { hasCellState, runDirection } from '../src/index';
import { expectAllClose } from './close';
import { ALL_KINDS, randn, randomWeights } from './random-tensors';
import { referenceSequence } from './reference-recurrence';

describe.each(ALL_KINDS)('runDirection (%s)', (kind) => {
  it('equals the oracle with a real input projection, both directions', () => {
    const w = randomWeights(kind, 3, 2, 1);
    const x = randn([2, 4, 3], 2);
    const h0 = randn([2, 2], 3);
    const c0 = hasCellState(kind) ? randn([2, 2], 4) : null;
    for (const reverse of [false, true]) {
      const got = runDirection(kind, x, w, h0, c0, { reverse });
      const want = referenceSequence(kind, x, w, h0, c0, { reverse });
      expectAllClose(got.y, want.y);
      expectAllClose(got.h, want.h);
    }
  });

  it('passes gradcheck in every weight', () => {
    const w = randomWeights(kind, 2, 2, 5);
    const x = randn([2, 3, 2], 6);
    const h0 = randn([2, 2], 7);
    const c0 = hasCellState(kind) ? randn([2, 2], 8) : null;
    assertGradcheck(
      (wIh, wHh, bIh, bHh) => {
        const r = runDirection(
          kind,
          x,
          { weightIh: wIh!, weightHh: wHh!, biasIh: bIh!, biasHh: bHh! },
          h0,
          c0,
          { reverse: true },
        );
        return [r.y, r.h];
      },
      [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!],
    );
  });

  it('refuses an input of the wrong size', () => {
    const w = randomWeights(kind, 3, 2, 1);
    expect(() => runDirection(kind, randn([2, 4, 2], 1), w, randn([2, 2], 3), null)).toThrow(ShapeError);
  });
});
