import { ShapeError, slice } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { mlaStateDictFromPaper } from '../src/index';
import { arr, randn } from './helpers';

describe('mlaStateDictFromPaper', () => {
  it('packs per-head row blocks the way DeepSeek’s q_b_proj and kv_b_proj hold them', () => {
    const H = 2;
    const w = {
      W_DKV: randn([3, 4], 1),
      W_UK: randn([H * 2, 3], 2),
      W_UV: randn([H * 5, 3], 3),
      W_KR: randn([2, 4], 4),
      W_DQ: randn([3, 4], 5),
      W_UQ: randn([H * 2, 3], 6),
      W_QR: randn([H * 2, 3], 7),
      W_O: randn([4, H * 5], 8),
    };
    const sd = mlaStateDictFromPaper(w, H);
    const kvb = sd['kv_b_proj.weight']!;
    expect(kvb.shape).toEqual([H * 7, 3]);
    // head 1: rows 7..8 are W_UK rows 2..3, rows 9..13 are W_UV rows 5..9
    expect(arr(slice(kvb, 0, 7, 9))).toEqual(arr(slice(w.W_UK, 0, 2, 4)));
    expect(arr(slice(kvb, 0, 9, 14))).toEqual(arr(slice(w.W_UV, 0, 5, 10)));
    expect(arr(sd['kv_a_proj_with_mqa.weight']!)).toEqual([...arr(w.W_DKV), ...arr(w.W_KR)]);
    expect(arr(slice(sd['q_b_proj.weight']!, 0, 4, 6))).toEqual(arr(slice(w.W_UQ, 0, 2, 4)));
    expect(arr(sd['q_a_proj.weight']!)).toEqual(arr(w.W_DQ));
    expect(() => mlaStateDictFromPaper({ ...w, W_UV: randn([3, 3], 9) }, H)).toThrow(ShapeError);
  });
});
