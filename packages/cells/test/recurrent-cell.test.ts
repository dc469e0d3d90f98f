import {
  assertGradcheck,
  DTypeError,
  mul,
  noGrad,
  ShapeError,
  stack,
  sum,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { hasCellState, type RecurrentState } from '../src/index';
import { expectAllClose } from './close';
import { makeCell } from './layer-factory';
import { ALL_KINDS, randn } from './random-tensors';
import { referenceSequence, referenceStep } from './reference-recurrence';

describe.each(ALL_KINDS)('RecurrentCell (%s)', (kind) => {
  const cellState = (B: number, H: number, seed: number, grad = false): RecurrentState => {
    const h = randn([B, H], seed, { grad });
    return hasCellState(kind) ? { h, c: randn([B, H], seed + 1, { grad }) } : { h };
  };

  it('has torch.nn.*Cell parameters: weight_ih, weight_hh, bias_ih, bias_hh', () => {
    const G = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
    const cell = makeCell(kind, 3, 2);
    expect(Object.entries(cell.stateDict()).map(([n, t]) => [n, [...t.shape]])).toEqual([
      ['weight_ih', [2 * G, 3]],
      ['weight_hh', [2 * G, 2]],
      ['bias_ih', [2 * G]],
      ['bias_hh', [2 * G]],
    ]);
    expect(Object.keys(makeCell(kind, 3, 2, { bias: false }).stateDict())).toEqual([
      'weight_ih',
      'weight_hh',
    ]);
  });

  it('steps like the textbook equations, values and gradients', () => {
    const cell = makeCell(kind, 3, 4);
    const x = randn([2, 3], 1, { grad: true });
    const st = cellState(2, 4, 2, true);
    const [y, next] = cell.step(x, st);
    const want = referenceStep(kind, x, st.h, st.c ?? null, cell.weights());
    expectAllClose(y, want.h);
    expectAllClose(next.h, want.h);
    if (want.c) expectAllClose(next.c!, want.c);
    const g = randn([2, 4], 3);
    const leaves = [x, st.h, st.c, ...cell.parameters()].filter((t): t is Tensor => !!t);
    const objective = (h: Tensor, c: Tensor | null | undefined) =>
      c ? sum(mul(h, g)).add(sum(c)) : sum(mul(h, g));
    objective(next.h, next.c).backward();
    const mine = leaves.map((t) => t.grad!);
    for (const t of leaves) t.zeroGrad();
    objective(want.h, want.c).backward();
    leaves.forEach((t, i) => expectAllClose(mine[i]!, t.grad!, 1e-10, 1e-12));
  });

  it('runs a sequence (forward) exactly as repeated steps, and padded batches as the oracle', () => {
    const cell = makeCell(kind, 2, 3);
    const x = randn([3, 5, 2], 4);
    const st = cellState(3, 3, 5);
    const [y, final] = noGrad(() => cell.forward(x, st));
    let s = st;
    const ys: Tensor[] = [];
    for (let t = 0; t < 5; t++) {
      const [yt, n] = noGrad(() => cell.step(x.select(1, t), s));
      ys.push(yt);
      s = n;
    }
    expectAllClose(stack(ys, 1), y, 1e-13, 1e-14);
    expectAllClose(s.h, final.h, 1e-13, 1e-14);
    const lengths = [5, 0, 3];
    const [yp, fp] = noGrad(() => cell.forward(x, st, { lengths }));
    const want = referenceSequence(kind, x, cell.weights(), st.h, st.c ?? null, { lengths });
    expectAllClose(yp, want.y);
    expectAllClose(fp.h, want.h);
  });

  it('passes gradcheck of one step in x and the state', () => {
    const cell = makeCell(kind, 3, 2);
    const st = cellState(2, 2, 7);
    const inputs = [randn([2, 3], 6), st.h, ...(st.c ? [st.c] : [])];
    assertGradcheck((x, h, c) => {
      const [, n] = cell.step(x!, (c ? { h: h!, c } : { h: h! }) as RecurrentState);
      return n.c ? [n.h, n.c] : [n.h];
    }, inputs);
  });

  it('starts from zeros when no state is given', () => {
    const cell = makeCell(kind, 2, 3);
    const x = randn([2, 2], 1);
    const [a] = noGrad(() => cell.step(x));
    const [b] = noGrad(() => cell.step(x, cell.initialState(2)));
    expectAllClose(a, b, 0, 0);
  });

  it('refuses bad input with typed errors', () => {
    const cell = makeCell(kind, 3, 2);
    expect(() => cell.step(randn([2, 4], 1))).toThrow(ShapeError);
    expect(() => cell.step(randn([2, 2, 3], 1))).toThrow(/input must be \[B, 3\]/);
    expect(() => cell.forward(randn([2, 3], 1))).toThrow(/input must be \[B, L, 3\]/);
    expect(() => cell.step(randn([2, 3], 1, { dtype: 'float32' }))).toThrow(DTypeError);
    expect(() => cell.step(randn([2, 3], 1), cellState(3, 2, 1))).toThrow(/state h must have shape \[2, 2\]/);
    expect(() => makeCell(kind, 3, 0)).toThrow(ValueError);
    if (hasCellState(kind))
      expect(() => cell.step(randn([2, 3], 1), { h: randn([2, 2], 1) })).toThrow(/needs c/);
  });
});
