import { matmul, ShapeError, stack, transpose, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { SlstmCell } from '../../src/xlstm/slstm-cell';
import { headwiseRecurrentToFull } from '../../src/xlstm/slstm-recurrent-weight';
import { slstm, slstmScan } from '../../src/xlstm/slstm-sequence';
import { assertModuleGradcheck, scrambleParameters } from './module-gradcheck';
import { expectClose, randn } from './random-inputs';

describe('SlstmCell', () => {
  it('has the reference’s parameters: zero recurrent kernel, power-law forget biases', () => {
    const cell = new SlstmCell(8, { numHeads: 2 });
    const sd = cell.stateDict();
    expect(Object.keys(sd).sort()).toEqual(['bias', 'recurrent_kernel']);
    expect(sd.recurrent_kernel!.shape).toEqual([2, 4, 4, 4]);
    expect(sd.recurrent_kernel!.toArray().every((v) => v === 0)).toBe(true);
    expect(sd.bias!.shape).toEqual([2, 4, 4]);
    // f (gate 1) of each head: −(−5 + 12 (j/3)^0.3), from 5 down to −7; the other gates 0.
    const want = [0, 1, 2, 3].map((j) => -(-5 + 12 * (j / 3) ** 0.3));
    for (let h = 0; h < 2; h++) {
      want.forEach((w, j) => expect(sd.bias!.get(h, 1, j)).toBeCloseTo(w, 6));
      for (const g of [0, 2, 3]) for (let j = 0; j < 4; j++) expect(sd.bias!.get(h, g, j)).toBe(0);
    }
    // A later block in a stack bends the power law: exponent 0.3 + 1.3.
    const last = new SlstmCell(4, { numHeads: 1, blockIndex: 1, numBlocks: 2 }).stateDict().bias!;
    expect(last.get(0, 1, 1)).toBeCloseTo(-(-5 + 12 * (1 / 3) ** 1.6), 6);
  });
  it('gateBias is gate-major: [i | f | z | o], each head after head', () => {
    const cell = new SlstmCell(4, { numHeads: 2, dtype: 'float64' });
    scrambleParameters(cell, 1);
    const b = cell.gateBias();
    for (let g = 0; g < 4; g++)
      for (let h = 0; h < 2; h++)
        for (let j = 0; j < 2; j++) expect(b.get(g * 4 + h * 2 + j)).toBe(cell.param('bias').get(h, g, j));
  });
  it('forward equals the step loop; scan continues from a state', () => {
    const cell = new SlstmCell(6, { numHeads: 3, dtype: 'float64' });
    scrambleParameters(cell, 2);
    const wx = randn([2, 5, 24], 3);
    const whole = cell.scan(wx);
    expectClose(cell.forward(wx), whole.y, 0, 0);
    let state = cell.initialState(2);
    const ys = [];
    for (let t = 0; t < 5; t++) {
      const [y, next] = cell.step(wx.select(1, t), state);
      ys.push(y);
      state = next;
    }
    expectClose(stack(ys, 1), whole.y, 1e-15, 1e-15);
    expectClose(state.m, whole.state.m, 1e-15, 1e-15);
    const tail = cell.scan(wx.slice(1, 2), cell.scan(wx.slice(1, 0, 2)).state);
    expectClose(tail.y, whole.y.slice(1, 2), 1e-15, 1e-15);
  });
  it('is the sLSTM of the `slstm` function with R made full and b gate-major (one head and several)', () => {
    for (const numHeads of [1, 2]) {
      const cell = new SlstmCell(4, { numHeads, dtype: 'float64' });
      scrambleParameters(cell, 4);
      const x = randn([2, 6, 3], 5);
      const W = randn([16, 3], 6, 'float64', 0.5);
      const want = slstm(x, W, headwiseRecurrentToFull(cell.param('recurrent_kernel')), cell.gateBias());
      expectClose(cell.forward(matmul(x, transpose(W))), want.y, 1e-14, 1e-15);
    }
  });
  it('the exponential forget gate reaches the recurrence', () => {
    const a = new SlstmCell(4, { numHeads: 2, dtype: 'float64' });
    const b = new SlstmCell(4, { numHeads: 2, dtype: 'float64', forgetGate: 'exp' });
    scrambleParameters(a, 7, 0.3);
    scrambleParameters(b, 7, 0.3);
    const wx = randn([1, 4, 16], 8, 'float64', 0.3);
    expect(Array.from(a.forward(wx).toArray())).not.toEqual(Array.from(b.forward(wx).toArray()));
    expectClose(
      b.forward(wx),
      slstmScan(wx, b.param('recurrent_kernel'), b.gateBias(), { forgetGate: 'exp' }).y,
      0,
      0,
    );
  });
  it('gradients in its parameters (BPTT)', () => {
    const cell = new SlstmCell(4, { numHeads: 2, dtype: 'float64' });
    scrambleParameters(cell, 9);
    const wx = randn([2, 3, 16], 10);
    assertModuleGradcheck(cell, () => cell.forward(wx));
  });
  it('checks its configuration and inputs', () => {
    expect(() => new SlstmCell(6, { numHeads: 4 })).toThrow(ValueError);
    const cell = new SlstmCell(4, { numHeads: 2 });
    expect(() => cell.forward(randn([1, 2, 15], 1, 'float32'))).toThrow(ShapeError);
    expect(() => cell.step(randn([1, 2, 16], 1, 'float32'))).toThrow(/SlstmCell.step: wx must be \[B, 16\]/);
  });
});
