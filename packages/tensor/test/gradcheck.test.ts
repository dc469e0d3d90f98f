import { describe, expect, it } from 'vitest';
import { DTypeError, gradcheck, mul, recordOp, Tensor, tensor } from '../src/index';
import { randn } from './helpers';

/** A deliberately wrong op: forward 2x, backward claims 3. */
function wrongDouble(x: Tensor): Tensor {
  const out = new Tensor(
    x.toArray().map((v) => 2 * v),
    x.shape,
  );
  recordOp('wrongDouble', [x], [out], ([g]) => [mul(g!, 3)]);
  return out;
}

describe('gradcheck', () => {
  it('passes a correct gradient and catches a wrong one', () => {
    expect(gradcheck((x) => mul(x, x), [randn([3])]).ok).toBe(true);
    const bad = gradcheck(wrongDouble, [randn([3])]);
    expect(bad.ok).toBe(false);
    expect(bad.worst!.analytic).toBeCloseTo(bad.worst!.numeric * 1.5, 6);
    expect(bad.message).toMatch(/FAILED/);
  });
  it('checks only the inputs that require grad when some do', () => {
    const a = randn([2]);
    const b = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((x, y) => mul(wrongDouble(x), y), [a, b]).ok).toBe(true);
    expect(gradcheck((x, y) => mul(wrongDouble(x), y), [a, b.detach()]).ok).toBe(false);
  });
  it('refuses float32', () => {
    expect(() => gradcheck((x) => x, [tensor([1])])).toThrow(DTypeError);
  });
});
