import { describe, expect, it } from 'vitest';
import { assertGradcheck, einsum, matmul, mul, permute, ShapeError, sum, ValueError } from '../src/index';
import { arr, randn } from './helpers';

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));

describe('einsum', () => {
  const a = randn([2, 3], 1);
  const b = randn([3, 4], 2);
  it('two-operand contractions equal their matmul/sum forms', () => {
    close(arr(einsum('ij,jk->ik', a, b)), arr(matmul(a, b)));
    close(arr(einsum('ij,jk', a, b)), arr(matmul(a, b)));
    close(arr(einsum('ij,jk->ki', a, b)), arr(permute(matmul(a, b), [1, 0])));
    close(arr(einsum('ij->j', a)), arr(sum(a, 0)));
    close(arr(einsum('ij->ji', a)), arr(permute(a, [1, 0])));
    close(arr(einsum('ij,ij->i', a, a)), arr(sum(mul(a, a), 1)));
    const outer = einsum('i,j->ij', randn([2], 3), randn([3], 4));
    expect(outer.shape).toEqual([2, 3]);
  });
  it('attention-shaped batched contractions and ellipsis', () => {
    const q = randn([2, 3, 5, 4], 5);
    const k = randn([2, 3, 6, 4], 6);
    const s = einsum('bhqd,bhkd->bhqk', q, k);
    close(arr(s), arr(matmul(q, permute(k, [0, 1, 3, 2]))));
    close(arr(einsum('...qd,...kd->...qk', q, k)), arr(s));
  });
  it('three operands contract left to right', () => {
    const c = randn([4, 2], 7);
    close(arr(einsum('ij,jk,kl->il', a, b, c)), arr(matmul(matmul(a, b), c)));
  });
  it('refuses bad equations', () => {
    expect(() => einsum('ij,jk->ik', a)).toThrow(ValueError);
    expect(() => einsum('ijk,jk->ik', a, b)).toThrow(ShapeError);
    expect(() => einsum('ii->i', randn([2, 2]))).toThrow(/diagonal/);
    expect(() => einsum('ij,jk->iz', a, b)).toThrow(/output index "z"/);
    expect(() => einsum('ij,jk->ik', a, randn([4, 4]))).toThrow(/index "j" has sizes 3 and 4/);
  });
  it('gradients', () => {
    assertGradcheck((x, y) => einsum('ij,jk->ki', x, y), [a, b]);
    assertGradcheck((x, y, z) => einsum('ij,jk,kl->il', x, y, z), [a, b, randn([4, 2], 8)]);
  });
});
