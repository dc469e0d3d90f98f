import { Generator } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { gruGates } from '../src/gru-gates';
import { expectAllClose } from './close';
import { backwardRow, forwardRow, numericRowGradients } from './gate-harness';

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const draw = (n: number, g: Generator) => Array.from({ length: n }, () => g.randn());

describe('gruGates', () => {
  it("computes h' = (1 − z)·n + z·h with n = tanh(a_n + r·(W_hn h + b_hn)), order r, z, n", () => {
    const g = new Generator(1);
    const H = 3;
    const inp = { xp: draw(3 * H, g), gh: draw(3 * H, g), bias: draw(3 * H, g), h: draw(H, g) };
    const out = forwardRow(gruGates, H, inp);
    for (let j = 0; j < H; j++) {
      const r = sig(inp.xp[j]! + inp.gh[j]! + inp.bias[j]!);
      const z = sig(inp.xp[H + j]! + inp.gh[H + j]! + inp.bias[H + j]!);
      // torch: the reset gate multiplies W_hn h + b_hn (b_hn inside), not h itself.
      const n = Math.tanh(inp.xp[2 * H + j]! + r * (inp.gh[2 * H + j]! + inp.bias[2 * H + j]!));
      expect(out.h[j]).toBeCloseTo((1 - z) * n + z * inp.h[j]!, 14);
    }
    expect(out.c).toBeNull();
  });

  it('backpropagates like central differences of its forward (dgh differs from dxp in the n block)', () => {
    const g = new Generator(4);
    const H = 2;
    const inp = { xp: draw(3 * H, g), gh: draw(3 * H, g), bias: draw(3 * H, g), h: draw(H, g) };
    const gH = draw(H, g);
    const mine = backwardRow(gruGates, H, inp, gH);
    const num = numericRowGradients(gruGates, H, inp, gH);
    expectAllClose(mine.dxp, num.xp, 1e-7, 1e-9);
    expectAllClose(mine.dgh, num.gh, 1e-7, 1e-9);
    expectAllClose(mine.dgh, num.bias, 1e-7, 1e-9);
    expectAllClose(mine.dhDirect, num.h, 1e-7, 1e-9);
    expect(mine.dgh.slice(2 * H)).not.toEqual(mine.dxp.slice(2 * H));
  });
});
