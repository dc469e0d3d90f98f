import { describe, expect, it } from 'vitest';
import { deinterleave, interleave, scalePair } from '../src/complex-arrays';

describe('complex array loops', () => {
  it('interleave and deinterleave are inverse, with offsets', () => {
    const re = Float64Array.of(9, 1, 2, 3);
    const im = Float64Array.of(9, 4, 5, 6);
    const y = new Float64Array(6);
    interleave(re, im, 1, y, 3);
    expect([...y]).toEqual([1, 4, 2, 5, 3, 6]);
    const br = new Float64Array(5);
    const bi = new Float64Array(5);
    deinterleave(y, br, bi, 2, 3);
    expect([...br]).toEqual([0, 0, 1, 2, 3]);
    expect([...bi]).toEqual([0, 0, 4, 5, 6]);
  });

  it('scalePair scales the first n of both arrays', () => {
    const a = Float64Array.of(1, 2, 3);
    const b = Float64Array.of(4, 5, 6);
    scalePair(a, b, 2, 0.5);
    expect([...a, ...b]).toEqual([0.5, 1, 3, 2, 2.5, 6]);
  });
});
