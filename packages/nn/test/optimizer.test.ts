import { ShapeError, tensor, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, Linear, SGD } from '../src/index';
import { quadraticLoss, theta0 } from './quadratic-objective';

function stepQuadratic(opt: { zeroGrad(): void; step(): void }, theta: ReturnType<typeof tensor>, n: number) {
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    quadraticLoss(theta).backward();
    opt.step();
  }
}

describe('Optimizer', () => {
  it('state dict: saving after 3 steps and restoring into a fresh optimiser continues identically', () => {
    const a = tensor(theta0, { dtype: 'float64', requiresGrad: true });
    const optA = new Adam([a], { lr: 0.1, amsgrad: true });
    stepQuadratic(optA, a, 3);
    const saved = optA.stateDict();
    const at3 = Array.from(a.toArray());
    stepQuadratic(optA, a, 2);
    // The snapshot is a copy: later steps did not change it.
    expect(saved.state[0]!.step).toBe(3);
    expect(saved.paramGroups).toEqual([
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, params: [0] },
    ]);

    const b = tensor(at3, { dtype: 'float64', requiresGrad: true });
    const optB = new Adam([b], { lr: 0.5 });
    optB.loadStateDict(saved);
    expect(optB.paramGroups[0]!.lr).toBe(0.1); // settings come back too
    stepQuadratic(optB, b, 2);
    expect(Array.from(b.toArray())).toEqual(Array.from(a.toArray()));
    expect(optB.stateDict().state[0]!.step).toBe(5);

    // Without the restored moments the trajectory differs, so the comparison above can fail.
    const c = tensor(at3, { dtype: 'float64', requiresGrad: true });
    stepQuadratic(new Adam([c], { lr: 0.1, amsgrad: true }), c, 2);
    expect(Array.from(c.toArray())).not.toEqual(Array.from(a.toArray()));
  });
  it('state dict keys follow torch (exp_avg, exp_avg_sq, momentum_buffer)', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const adam = new Adam([p]);
    const sgd = new SGD([p], { momentum: 0.9 });
    p.mul(p).sum().backward();
    adam.step();
    sgd.step();
    expect(Object.keys(adam.stateDict().state[0]!)).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(Object.keys(sgd.stateDict().state[0]!)).toEqual(['step', 'momentum_buffer']);
    expect(
      Array.from((sgd.stateDict().state[0]!['momentum_buffer'] as ReturnType<typeof tensor>).toArray()),
    ).toEqual([2, 4]);
  });
  it('refuses a state dict that does not fit', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const q = tensor([1, 2, 3], { requiresGrad: true });
    const opt = new Adam([p]);
    p.sum().backward();
    opt.step();
    const sd = opt.stateDict();
    expect(() => new Adam([p, q]).loadStateDict(sd)).toThrow(
      /Adam.loadStateDict: group 0: expected 2 parameters, got 1/,
    );
    expect(() => new Adam([{ params: [p] }, { params: [q] }]).loadStateDict(sd)).toThrow(
      /expected 2 parameter groups, got 1/,
    );
    expect(() => new Adam([q]).loadStateDict(sd)).toThrow(ShapeError);
    const { exp_avg_sq: _drop, ...partial } = sd.state[0]!;
    expect(() =>
      new Adam([p]).loadStateDict({ ...sd, state: { 0: partial as (typeof sd.state)[0] } }),
    ).toThrow(/missing buffer "exp_avg_sq"/);
  });
  it('parameter groups override defaults per group', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    a.mul(a).sum().add(b.mul(b).sum()).backward(); // both gradients are 2
    opt.step();
    expect(a.item()).toBeCloseTo(1 - 0.2, 15);
    expect(b.item()).toBeCloseTo(1 - 1.0, 15);
    expect(opt.params()).toEqual([a, b]);
  });
  it('zeroGrad clears gradients; bad parameter lists are refused', () => {
    const m = new Linear(2, 2);
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    m.forward(tensor([[1, 2]]))
      .sum()
      .backward();
    expect(m.weight.grad).not.toBeNull();
    opt.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    expect(() => new SGD([])).toThrow(/SGD: got an empty parameter list/);
    expect(() => new SGD([m.weight, m.weight])).toThrow(/appears more than once/);
    expect(() => new SGD([m.weight.mul(2)])).toThrow(/leaf/);
    expect(() => new SGD([m.weight.T.detach()])).toThrow(ValueError);
  });
});
