import { describe, expect, it } from 'vitest';
import { checkArray, checkLength, isFloatArray, overlaps } from '../src/float-array';

describe('float-array checks', () => {
  it('recognises float typed arrays only', () => {
    expect(isFloatArray(new Float64Array(1))).toBe(true);
    expect(isFloatArray(new Float32Array(1))).toBe(true);
    expect(isFloatArray(new Int32Array(1))).toBe(false);
    expect(isFloatArray([1])).toBe(false);
  });

  it('validates lengths', () => {
    expect(checkLength('op', 5)).toBe(5);
    for (const bad of [0, -1, 1.5, Number.NaN, '3', 2 ** 31]) {
      expect(() => checkLength('op', bad)).toThrow(expect.objectContaining({ name: 'ValueError' }));
    }
  });

  it('validates arrays with the expected and actual length in the message', () => {
    expect(() => checkArray('op', 'x', new Float64Array(3), 4)).toThrow('op: x must have length 4, got 3');
    expect(() => checkArray('op', 'x', new Int8Array(4), 4)).toThrow(
      'op: x must be a Float64Array or Float32Array, got Int8Array',
    );
  });

  it('detects shared memory between views', () => {
    const buf = new Float64Array(10);
    expect(overlaps(buf.subarray(0, 5), buf.subarray(5))).toBe(false);
    expect(overlaps(buf.subarray(0, 6), buf.subarray(5))).toBe(true);
    expect(overlaps(new Float64Array(3), new Float64Array(3))).toBe(false);
  });
});
