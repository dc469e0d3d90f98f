import { describe, it } from 'vitest';
import { checkStridedPass } from './helpers/strided-pass-check';

describe('radix-5 pass kernel (wasm, even s >= 2)', () => {
  it('matches the pass definition for even strides and every m', () => {
    checkStridedPass(5, (s) => s.x.radix5, [
      [2, 1],
      [2, 5],
      [4, 1],
      [4, 25],
      [6, 3],
      [8, 2],
      [48, 5],
      [256, 25],
    ]);
  });
});
