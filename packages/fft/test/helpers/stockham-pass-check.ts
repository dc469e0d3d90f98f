// The shared check of every JS Stockham pass (stage-radix*.ts): one R-point DFT on its own
// (unit twiddles, an output offset), then the pass composed into R^e-point transforms, both
// against the naive DFT.
import { describe, expect, it } from 'vitest';
import { StockhamPlan } from '../../src/stockham-plan';
import { naiveDft, randomSignal, relError } from './reference';

/** A JS pass: s strides, m sub-transforms, twiddles tw, interleaved x[xo..] -> y[yo..]. */
export type StockhamPass = (
  s: number,
  m: number,
  tw: Float64Array,
  x: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
) => void;

/** Registers the tests of the radix-R pass `pass` under `name`. */
export function describeStockhamPass(name: string, R: number, pass: StockhamPass): void {
  describe(name, () => {
    it('computes one R-point DFT (s = 1, m = 1, twiddles 1)', () => {
      const x = randomSignal(2 * R, 1);
      const tw = new Float64Array(2 * (R - 1)).map((_, i) => (i % 2 === 0 ? 1 : 0));
      const y = new Float64Array(2 * R + 6);
      pass(1, 1, tw, x, 0, y, 6); // an output offset, to check that offsets are honoured
      const re = x.filter((_, i) => i % 2 === 0);
      const im = x.filter((_, i) => i % 2 === 1);
      const [er, ei] = naiveDft(re, im);
      const yr = y.subarray(6).filter((_, i) => i % 2 === 0);
      const yi = y.subarray(6).filter((_, i) => i % 2 === 1);
      expect(relError(yr, er, yi, ei)).toBeLessThan(1e-15);
      expect([...y.subarray(0, 6)]).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('composes into transforms of R^e points (first, middle and last passes)', () => {
      for (const e of [2, 3]) {
        const n = R ** e;
        const plan = new StockhamPlan(n, Array(e).fill(R));
        const re = randomSignal(n, 2 + e);
        const im = randomSignal(n, 3 + e);
        const yr = new Float64Array(n);
        const yi = new Float64Array(n);
        plan.forward(re, im, 0, yr, yi, 0);
        const [er, ei] = naiveDft(re, im);
        expect(relError(yr, er, yi, ei)).toBeLessThan(1e-14);
      }
    });
  });
}
