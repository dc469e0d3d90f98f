import { describe, it } from 'vitest';
import { checkStridedPass } from './helpers/strided-pass-check';

describe('radix-3 pass kernel (wasm, even s >= 2)', () => {
  it('matches the pass definition for even strides and every m', () => {
    checkStridedPass(3, (s) => s.x.radix3, [
      [2, 1],
      [2, 3],
      [4, 1],
      [4, 9],
      [6, 5],
      [8, 2],
      [40, 3],
      [128, 27],
    ]);
  });
});
