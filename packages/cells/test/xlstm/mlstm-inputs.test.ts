import { DTypeError, ShapeError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { checkMlstmInputs, checkMlstmStepInputs } from '../../src/xlstm/mlstm-inputs';
import { mlstmInputs, randn } from './random-inputs';

describe('mLSTM input checks', () => {
  it('return the sizes of well-formed inputs', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 3, 5, 4], 1);
    expect(checkMlstmInputs('op', q, k, v, i, f)).toEqual({ B: 2, NH: 3, S: 5, DH: 4 });
    expect(
      checkMlstmStepInputs(
        'op',
        q.select(2, 0),
        k.select(2, 0),
        v.select(2, 0),
        i.select(2, 0),
        f.select(2, 0),
      ),
    ).toEqual({
      B: 2,
      NH: 3,
      DH: 4,
    });
  });
  it('name the op, the input and both shapes', () => {
    const { q, k, v, i, f } = mlstmInputs([2, 3, 5, 4], 1);
    expect(() => checkMlstmInputs('op', q, k, v.slice(2, 0, 4), i, f)).toThrow(
      /op: v must be \[2, 3, 5, 4\] like q, got \[2, 3, 4, 4\]/,
    );
    expect(() => checkMlstmInputs('op', q, k, v, i, f.slice(1, 0, 1))).toThrow(ShapeError);
    expect(() => checkMlstmInputs('op', q, k.to('float32'), v, i, f)).toThrow(DTypeError);
    const [qs, ks, vs, is, fs] = [q, k, v, i, f].map((t) => t.select(2, 0)) as [
      typeof q,
      typeof q,
      typeof q,
      typeof q,
      typeof q,
    ];
    expect(() => checkMlstmStepInputs('op', q, ks, vs, is, fs)).toThrow(
      /op: q must be \[B, NH, DH\], got \[2, 3, 5, 4\]/,
    );
    expect(() => checkMlstmStepInputs('op', qs, ks, vs, i, fs)).toThrow(
      /op: iPreact must be \[2, 3\], got \[2, 3, 5\]/,
    );
    expect(() => checkMlstmStepInputs('op', qs, randn([2, 3, 3], 1), vs, is, fs)).toThrow(
      /k must be \[2, 3, 4\] like q/,
    );
    expect(() => checkMlstmStepInputs('op', qs, ks, vs, is, fs.to('float32'))).toThrow(DTypeError);
  });
});
