import { ValueError } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { upProjectionSize } from '../../src/xlstm/projection-size';

describe('upProjectionSize', () => {
  it('rounds factor·dim up to the multiple', () => {
    expect(upProjectionSize(128, 2)).toBe(256);
    expect(upProjectionSize(100, 2)).toBe(256);
    expect(upProjectionSize(96, 4 / 3)).toBe(128);
    expect(upProjectionSize(768, 1.3)).toBe(1024);
    expect(upProjectionSize(10, 2, 1)).toBe(20);
    expect(upProjectionSize(10, 1.3, 1)).toBe(13);
  });
  it('refuses bad arguments', () => {
    expect(() => upProjectionSize(0, 2)).toThrow(ValueError);
    expect(() => upProjectionSize(4, -1)).toThrow(/factor must be > 0/);
    expect(() => upProjectionSize(4, 2, 0)).toThrow(/multipleOf/);
  });
});
