import { Generator } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { rnnReluGates, rnnTanhGates } from '../src/rnn-gates';
import { expectAllClose } from './close';
import { backwardRow, forwardRow, numericRowGradients } from './gate-harness';

const draw = (n: number, g: Generator) => Array.from({ length: n }, () => g.randn());

describe('rnnTanhGates / rnnReluGates', () => {
  it("computes h' = φ(xp + gh + b_hh)", () => {
    const inp = { xp: [0.5, -2, 1], gh: [0.25, 0.5, -3], bias: [0, 1, 0.5], h: [7, 7, 7] };
    expect(forwardRow(rnnTanhGates, 3, inp).h).toEqual([Math.tanh(0.75), Math.tanh(-0.5), Math.tanh(-1.5)]);
    expect(forwardRow(rnnReluGates, 3, inp).h).toEqual([0.75, 0, 0]);
  });

  for (const [name, kernel] of [
    ['tanh', rnnTanhGates],
    ['relu', rnnReluGates],
  ] as const) {
    it(`backpropagates like central differences (${name})`, () => {
      const g = new Generator(5);
      const H = 4;
      const inp = { xp: draw(H, g), gh: draw(H, g), bias: draw(H, g), h: draw(H, g) };
      const gH = draw(H, g);
      const mine = backwardRow(kernel, H, inp, gH);
      const num = numericRowGradients(kernel, H, inp, gH);
      expectAllClose(mine.dxp, num.xp, 1e-7, 1e-9);
      expectAllClose(mine.dgh, num.gh, 1e-7, 1e-9);
      expect(mine.dhDirect.every((v) => v === 0)).toBe(true);
    });
  }

  it('gives relu a zero derivative where it is off (as torch)', () => {
    const grads = backwardRow(rnnReluGates, 2, { xp: [-1, 1], gh: [0, 0], bias: [0, 0], h: [0, 0] }, [1, 1]);
    expect(grads.dxp).toEqual([0, 1]);
  });
});
