import { gemmF32, gemmF64 } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { gemmOf } from '../src/gemm-of';
import { randn } from './random-tensors';

describe('gemmOf', () => {
  it('picks the kernel of the dtype', () => {
    expect(gemmOf(randn([1], 0))).toBe(gemmF64);
    expect(gemmOf(randn([1], 0, { dtype: 'float32' }))).toBe(gemmF32);
  });
});
