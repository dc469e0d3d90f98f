// The index expressions mean the same in both styles (evaluated here as JavaScript).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idiv, imax, imin, imod } from '../src/kernel-index';

const run = (expr: string, x: number): number => new Function('x', `return ${expr};`)(x) as number;

describe('kernel index expressions', () => {
  it('divide, reduce and clamp exactly in both styles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 22 - 1 }),
        fc.integer({ min: 1, max: 300 }),
        fc.boolean(),
        (x, m, intOps) => {
          const s = { intOps };
          expect(run(idiv('x', m, s), x)).toBe(Math.floor(x / m));
          expect(run(imod('x', m, s), x)).toBe(x % m);
          expect(run(imin('x', m, s), x)).toBe(Math.min(x, m));
          expect(run(imax('x', m, s), x)).toBe(Math.max(x, m));
        },
      ),
    );
  });
});
