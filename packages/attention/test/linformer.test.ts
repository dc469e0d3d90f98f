import { eye, ShapeError, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { LinformerSelfAttention, linformerAttention, scaledDotProductAttention } from '../src/index';
import { checkParameterGrads, expectClose, naiveAttention, randn } from './helpers';

describe('Linformer', () => {
  it('with E = F = I it is ordinary attention; otherwise attention over E K and F V', () => {
    const q = randn([2, 2, 6, 3], 1);
    const k = randn([2, 2, 6, 3], 2);
    const v = randn([2, 2, 6, 4], 3);
    const I = eye(6, 6, { dtype: 'float64' });
    expectClose(linformerAttention(q, k, v, I, I), scaledDotProductAttention(q, k, v), 1e-14);
    const E = randn([3, 6], 4);
    const F = randn([3, 6], 5);
    expectClose(linformerAttention(q, k, v, E, F), naiveAttention(q, E.matmul(k), F.matmul(v)), 1e-12);
    expect(() => linformerAttention(q, k, v, randn([3, 5]), F)).toThrow(ShapeError);
    expect(() => linformerAttention(q, k, v, E, F, { causal: true } as object)).toThrow(ValueError);
  });

  it('the module projects the length to projDim; shorter inputs use the first columns', () => {
    const lf = new LinformerSelfAttention(8, 2, 10, 4, { dtype: 'float64', shareKV: true });
    expect(Object.keys(lf.stateDict())).toContain('E');
    expect(Object.keys(lf.stateDict())).not.toContain('F');
    const x = randn([1, 7, 8], 6);
    expect(lf.forward(x).shape).toEqual([1, 7, 8]);
    expect(() => lf.forward(randn([1, 11, 8]))).toThrow(ShapeError);
    const small = new LinformerSelfAttention(4, 2, 4, 2, { dtype: 'float64' });
    const xs = randn([1, 3, 4], 7);
    checkParameterGrads([...small.parameters(), xs.requiresGrad_()], () => small.forward(xs));
  });
});
