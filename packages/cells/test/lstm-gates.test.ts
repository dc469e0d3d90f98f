import { Generator } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { lstmGates } from '../src/lstm-gates';
import { expectAllClose } from './close';
import { backwardRow, forwardRow, numericRowGradients } from './gate-harness';

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const draw = (n: number, g: Generator) => Array.from({ length: n }, () => g.randn());

describe('lstmGates', () => {
  it("computes c' = f·c + i·g, h' = o·tanh(c') with gates in the order i, f, g, o", () => {
    const H = 2;
    // z = xp + gh + bias per gate block; pick them so each gate is easy to recognise.
    const xp = [1, -1, /* f */ 2, 0, /* g */ 0.5, -0.5, /* o */ -1, 3];
    const gh = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const bias = [0, 0, 0, 0, 0, 0, 0, 0.2];
    const c = [0.3, -2];
    const out = forwardRow(lstmGates, H, { xp, gh, bias, h: [9, 9], c });
    for (let j = 0; j < H; j++) {
      const z = (k: number) => xp[k * H + j]! + gh[k * H + j]! + bias[k * H + j]!;
      const cNext = sig(z(1)) * c[j]! + sig(z(0)) * Math.tanh(z(2));
      expect(out.c![j]).toBeCloseTo(cNext, 14);
      expect(out.h[j]).toBeCloseTo(sig(z(3)) * Math.tanh(cNext), 14);
    }
  });

  it('saturates without NaN for huge pre-activations', () => {
    const out = forwardRow(lstmGates, 1, {
      xp: [800, -800, 800, 800],
      gh: [0, 0, 0, 0],
      bias: [0, 0, 0, 0],
      h: [0],
      c: [5],
    });
    // i = 1, f = 0, g = 1, o = 1: c' = 1, h' = tanh(1)
    expect(out.c![0]).toBe(1);
    expect(out.h[0]).toBeCloseTo(Math.tanh(1), 15);
  });

  it('backpropagates like central differences of its forward', () => {
    const g = new Generator(3);
    const H = 3;
    const inp = {
      xp: draw(4 * H, g),
      gh: draw(4 * H, g),
      bias: draw(4 * H, g),
      h: draw(H, g),
      c: draw(H, g),
    };
    const gH = draw(H, g);
    const gC = draw(H, g);
    const mine = backwardRow(lstmGates, H, inp, gH, gC);
    const num = numericRowGradients(lstmGates, H, inp, gH, gC);
    expectAllClose(mine.dxp, num.xp, 1e-7, 1e-9);
    expectAllClose(mine.dgh, num.gh, 1e-7, 1e-9);
    expectAllClose(mine.dgh, num.bias, 1e-7, 1e-9);
    expectAllClose(mine.dc!, num.c!, 1e-7, 1e-9);
    // h_{t−1} reaches the LSTM step only through W_hh.
    expect(mine.dhDirect.every((v) => v === 0)).toBe(true);
    expectAllClose(num.h, [0, 0, 0], 0, 1e-9);
  });
});
