import { describe, expect, it } from 'vitest';
import { type OddRadix, oddRadixPass } from '../src/stage-generic';
import { StockhamPlan } from '../src/stockham-plan';
import { unitRootTable } from '../src/unit-roots';
import { naiveDft, randomSignal, relError } from './helpers/reference';

function oddRadix(r: number): OddRadix {
  const { cos, sin } = unitRootTable(r);
  return { r, cos, sin, tmp: new Float64Array(4 * ((r - 1) / 2 + 1) + 2 * r) };
}

describe('oddRadixPass', () => {
  it('computes one r-point DFT for odd r', () => {
    for (const r of [7, 11, 13, 9]) {
      const x = randomSignal(2 * r, r);
      const tw = new Float64Array(2 * (r - 1)).map((_, i) => (i % 2 === 0 ? 1 : 0));
      const y = new Float64Array(2 * r);
      oddRadixPass(oddRadix(r), 1, 1, tw, x, 0, y, 0);
      const [er, ei] = naiveDft(
        x.filter((_, i) => i % 2 === 0),
        x.filter((_, i) => i % 2 === 1),
      );
      expect(
        relError(
          y.filter((_, i) => i % 2 === 0),
          er,
          y.filter((_, i) => i % 2 === 1),
          ei,
        ),
      ).toBeLessThan(1e-15);
    }
  });

  it('composes with other radices (7·7, 11·13, 2·3·7)', () => {
    for (const radices of [
      [7, 7],
      [11, 13],
      [2, 3, 7],
    ]) {
      const n = radices.reduce((a, b) => a * b, 1);
      const plan = new StockhamPlan(n, radices);
      const re = randomSignal(n, n);
      const im = randomSignal(n, n + 1);
      const yr = new Float64Array(n);
      const yi = new Float64Array(n);
      plan.forward(re, im, 0, yr, yi, 0);
      const [er, ei] = naiveDft(re, im);
      expect(relError(yr, er, yi, ei)).toBeLessThan(1e-14);
    }
  });
});
