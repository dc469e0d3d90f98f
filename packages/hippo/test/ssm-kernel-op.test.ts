import { fromArray, noGrad, ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { ssmKernelDenseArray } from '../src/kernel-dense';
import { ssmKernel } from '../src/ssm-kernel-op';
import { hippo, hippoArray } from '../src/transition';

describe('ssmKernel (dense reference on Tensors)', () => {
  it('equals the array kernel and keeps the dtype', () => {
    const { A, B } = hippo('legs', 6, { dtype: 'float64' });
    const C = fromArray([1, -1, 0.5, 0, 2, 1], [6], { dtype: 'float64' });
    const K = ssmKernel(A, B, C, 0.05, 20, { method: 'zoh' });
    const ref = hippoArray('legs', 6);
    expect(Array.from(K.toArray())).toEqual(
      Array.from(ssmKernelDenseArray(ref.A, ref.B, Float64Array.from(C.toArray()), 0.05, 20, 'zoh')),
    );
    expect(ssmKernel(A.to('float32'), B.to('float32'), C.to('float32'), 0.05, 20).dtype).toBe('float32');
  });
  it('refuses inputs that require grad while recording (it has no backward)', () => {
    const { A, B } = hippo('legs', 4, { dtype: 'float64' });
    const C = fromArray([1, 1, 1, 1], [4], { dtype: 'float64', requiresGrad: true });
    expect(() => ssmKernel(A, B, C, 0.1, 8)).toThrow(ValueError);
    expect(noGrad(() => ssmKernel(A, B, C, 0.1, 8)).shape).toEqual([8]);
  });
});
