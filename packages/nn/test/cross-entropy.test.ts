import { assertGradcheck, Generator, ShapeError, tensor, ValueError } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropy, type Reduction } from '../src/index';

const close = (actual: ArrayLike<number>, expected: number[], digits = 13) =>
  expected.forEach((v, i) => expect(actual[i]!).toBeCloseTo(v, digits));

// Reference: torch 1.13 F.cross_entropy(logits, [0, 2, -100, 1], reduction, label_smoothing) in float64;
// the gradient is that of loss.sum().
const logitsValues = [
  [2.0, -1.0, 0.5],
  [0.1, 0.2, 0.3],
  [5.0, 1.0, -2.0],
  [-0.5, 3.0, 1.0],
];
const targets = [0, 2, -100, 1];
const torchCases: [Reduction, number, number[], number[]][] = [
  [
    'mean',
    0,
    [0.46547745066956314],
    [
      -0.07146765513690803, 0.013037524423562482, 0.05843013071334556, 0.10020320178524245,
      0.11074166451111578, -0.21094486629635817, 0, 0, 0, 0.00863621823913384, -0.04734106313051426,
      0.03870484489138038,
    ],
  ],
  [
    'mean',
    0.1,
    [0.5799218951140076],
    [
      -0.04924543291468579, 0.001926413312451373, 0.04731901960223446, 0.08909209067413133,
      0.09963055340000466, -0.18872264407413597, 0, 0, 0, -0.0024748928719772693, -0.025118840908292014,
      0.027593733780269275,
    ],
  ],
  [
    'sum',
    0.1,
    [1.7397656853420227],
    [
      -0.14773629874405747, 0.0057792399373541165, 0.14195705880670337, 0.267276272022394, 0.298891660200014,
      -0.5661679322224078, 0, 0, 0, -0.0074246786159318096, -0.07535652272487614, 0.08278120134080783,
    ],
  ],
  [
    'none',
    0,
    [0.24131129665715703, 1.001942848229244, 0, 0.15317820712228827],
    [
      -0.21440296541072412, 0.03911257327068745, 0.1752903921400367, 0.30060960535572734, 0.33222499353334733,
      -0.6328345988890745, 0, 0, 0, 0.025908654717401523, -0.1420231893915428, 0.11611453467414115,
    ],
  ],
  [
    'none',
    0.1,
    [0.391311296657157, 1.011942848229244, 0, 0.3365115404556216],
    [
      -0.14773629874405747, 0.0057792399373541165, 0.14195705880670337, 0.267276272022394, 0.298891660200014,
      -0.5661679322224078, 0, 0, 0, -0.0074246786159318096, -0.07535652272487614, 0.08278120134080783,
    ],
  ],
];

describe('crossEntropy', () => {
  for (const [reduction, labelSmoothing, loss, grad] of torchCases) {
    it(`matches torch: reduction ${reduction}, label smoothing ${labelSmoothing}, an ignored row`, () => {
      const x = tensor(logitsValues, { dtype: 'float64', requiresGrad: true });
      const l = crossEntropy(x, tensor(targets), { reduction, labelSmoothing });
      expect(l.shape).toEqual(reduction === 'none' ? [4] : []);
      close(l.toArray(), loss);
      l.sum().backward();
      close(x.grad!.toArray(), grad);
    });
  }
  it('[B, L, C] logits with [B, L] targets equal torch on the [B, C, L] transpose', () => {
    const x = tensor(
      [
        [
          [1, 2, 0],
          [0.5, -0.5, 1.5],
        ],
        [
          [-1, 0, 1],
          [3, 3, 3],
        ],
      ],
      { dtype: 'float64' },
    );
    const t = tensor([
      [1, 2],
      [0, -100],
    ]);
    close(crossEntropy(x, t).toArray(), [1.0742726311110473]);
    const none = crossEntropy(x, t, { labelSmoothing: 0.2, reduction: 'none' });
    expect(none.shape).toEqual([2, 2]);
    close(none.toArray(), [0.6076059644443805, 0.6076059644443805, 2.2076059644443804, 0]);
    close(crossEntropy(x, [1, 2, 0, -100]).toArray(), [1.0742726311110473]); // flat targets, one per row
  });
  it('gradchecks in every mode', () => {
    const x = new Generator(3).normal([2, 3, 4], 0, 2, { dtype: 'float64' });
    const t = tensor([
      [0, 3, -100],
      [2, 2, 1],
    ]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      for (const labelSmoothing of [0, 0.3])
        assertGradcheck((xx) => crossEntropy(xx!, t, { reduction, labelSmoothing }), [x]);
    }
  });
  it('is stable for huge logits (log-softmax based)', () => {
    const l = crossEntropy(tensor([[1000, 0, -1000]]), [1]);
    expect(l.item()).toBeCloseTo(1000, 3);
    expect(crossEntropy(tensor([[1e30, 0]]), [0]).item()).toBe(0);
  });
  it('equals −log softmax at the target (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 6 }), (seed, C) => {
        const rng = new Generator(seed);
        const x = rng.normal([3, C], 0, 3, { dtype: 'float64' });
        const t = [rng.randint(0, C), rng.randint(0, C), rng.randint(0, C)];
        const per = crossEntropy(x, t, { reduction: 'none' }).toArray();
        const lp = x.logSoftmax(-1);
        return t.every((c, r) => Math.abs(per[r]! + lp.get(r, c)) < 1e-12);
      }),
      { numRuns: 50 },
    );
  });
  it('mean over all-ignored rows is 0 with zero gradient; a custom ignoreIndex', () => {
    const x = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    const l = crossEntropy(x, [-100]);
    expect(l.item()).toBe(0);
    l.backward();
    expect(Array.from(x.grad!.toArray())).toEqual([0, 0]);
    expect(
      crossEntropy(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [0, 1],
        { ignoreIndex: 0 },
      ).item(),
    ).toBeCloseTo(Math.log(1 + Math.exp(-1)), 6);
  });
  it('refuses bad targets and options with the op named', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => crossEntropy(x, [3])).toThrow(
      /crossEntropy: target 3 at row 0 is not a class index in \[0, 3\)/,
    );
    expect(() => crossEntropy(x, [0.5])).toThrow(ValueError);
    expect(() => crossEntropy(x, tensor([[0]]))).toThrow(/targets must have shape \[1\]/);
    expect(() => crossEntropy(x, [0, 1])).toThrow(ShapeError);
    expect(() => crossEntropy(x, [0], { labelSmoothing: 1.5 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => crossEntropy(x, [0], { reduction: 'avg' as Reduction })).toThrow(/reduction must be/);
  });
});
