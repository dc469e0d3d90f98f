// Complex vectors at the array level: split real and imaginary parts, as ComplexTensor stores
// them, so a kernel can hand its result to a ComplexTensor without interleaving.
import { ShapeError } from '@seqmod/tensor';
import { allocLike, type FloatArray } from './float-array';

export interface ComplexArray {
  re: FloatArray;
  im: FloatArray;
}

/** A zeroed complex array of length n with the element type of `like`. */
export function complexLike(like: FloatArray, n: number): ComplexArray {
  return { re: allocLike(like, n), im: allocLike(like, n) };
}

/** Throws unless re and im have the same length; returns that length. */
export function complexLength(op: string, name: string, z: ComplexArray): number {
  if (z.re.length !== z.im.length) {
    throw new ShapeError(
      op,
      `${name}: real part has ${z.re.length} entries but imaginary part has ${z.im.length}`,
    );
  }
  return z.re.length;
}
