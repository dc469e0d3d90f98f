import { describe, expect, it } from 'vitest';
import { radix4FirstFromSplit, radix4LastToSplit, radix8FirstFromSplit } from '../src/split-passes';
import { radix4Pass } from '../src/stage-radix4';
import { radix8Pass } from '../src/stage-radix8';
import { randomSignal } from './helpers/reference';

function interleaved(re: Float64Array, im: Float64Array): Float64Array {
  const x = new Float64Array(2 * re.length);
  for (let j = 0; j < re.length; j++) {
    x[2 * j] = re[j];
    x[2 * j + 1] = im[j];
  }
  return x;
}

describe('split-layout passes', () => {
  it('radix4FirstFromSplit equals the interleaved first pass (s = 1), with an input offset', () => {
    const m = 16;
    const n = 4 * m;
    const tw = randomSignal(6 * m, 1);
    const re = randomSignal(n + 3, 2);
    const im = randomSignal(n + 3, 3);
    const a = new Float64Array(2 * n);
    const b = new Float64Array(2 * n);
    radix4FirstFromSplit(m, tw, re, im, 3, a);
    radix4Pass(1, m, tw, interleaved(re.subarray(3), im.subarray(3)), 0, b, 0);
    expect(a).toEqual(b);
  });

  it('radix8FirstFromSplit equals the interleaved first pass (s = 1)', () => {
    const m = 8;
    const n = 8 * m;
    const tw = randomSignal(14 * m, 4);
    const re = randomSignal(n, 5);
    const im = randomSignal(n, 6);
    const a = new Float64Array(2 * n);
    const b = new Float64Array(2 * n);
    radix8FirstFromSplit(m, tw, re, im, 0, a);
    radix8Pass(1, m, tw, interleaved(re, im), 0, b, 0);
    expect(a).toEqual(b);
  });

  it('radix4LastToSplit equals the interleaved last pass (m = 1) written split, with an output offset', () => {
    const s = 16;
    const n = 4 * s;
    const x = randomSignal(2 * n, 7);
    const ones = Float64Array.of(1, 0, 1, 0, 1, 0);
    const y = new Float64Array(2 * n);
    radix4Pass(s, 1, ones, x, 0, y, 0);
    const yr = new Float64Array(n + 5);
    const yi = new Float64Array(n + 5);
    radix4LastToSplit(s, x, yr, yi, 5);
    for (let j = 0; j < n; j++) {
      expect(yr[5 + j]).toBeCloseTo(y[2 * j], 15);
      expect(yi[5 + j]).toBeCloseTo(y[2 * j + 1], 15);
    }
  });
});
