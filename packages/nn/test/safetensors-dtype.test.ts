import { describe, expect, it } from 'vitest';
import { decodeInto, encodeFloat, halfToNumber } from '../src/safetensors-dtype';

describe('safetensors dtypes', () => {
  it('decodes IEEE half precision: normals, subnormals, signed zero, infinities, NaN', () => {
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(halfToNumber(0x7bff)).toBe(65504);
    expect(halfToNumber(0x0001)).toBe(2 ** -24);
    expect(halfToNumber(0x03ff)).toBe(1023 * 2 ** -24);
    expect(Object.is(halfToNumber(0x8000), -0)).toBe(true);
    expect(halfToNumber(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToNumber(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(halfToNumber(0x7e00)).toBeNaN();
  });
  it('widens integer and bool data, from any byte offset', () => {
    const le = (values: number[], bytesPer: number, signed: boolean) => {
      const b = new Uint8Array(1 + values.length * bytesPer); // one leading byte: misaligned on purpose
      const dv = new DataView(b.buffer);
      values.forEach((v, i) => {
        const o = 1 + i * bytesPer;
        if (bytesPer === 1) dv.setUint8(o, v & 0xff);
        else if (bytesPer === 2) signed ? dv.setInt16(o, v, true) : dv.setUint16(o, v, true);
        else if (bytesPer === 4) signed ? dv.setInt32(o, v, true) : dv.setUint32(o, v, true);
        else signed ? dv.setBigInt64(o, BigInt(v), true) : dv.setBigUint64(o, BigInt(v), true);
      });
      return b.subarray(1);
    };
    const run = (bytes: Uint8Array, dtype: Parameters<typeof decodeInto>[2], n: number) => {
      const out = new Float64Array(n);
      decodeInto('test', bytes, dtype, out);
      return Array.from(out);
    };
    expect(run(le([-3, 100], 1, true), 'I8', 2)).toEqual([-3, 100]);
    expect(run(le([255, 1], 1, false), 'U8', 2)).toEqual([255, 1]);
    expect(run(le([1, 0], 1, false), 'BOOL', 2)).toEqual([1, 0]);
    expect(run(le([-300, 7], 2, true), 'I16', 2)).toEqual([-300, 7]);
    expect(run(le([65535], 2, false), 'U16', 1)).toEqual([65535]);
    expect(run(le([-70000, 5], 4, true), 'I32', 2)).toEqual([-70000, 5]);
    expect(run(le([4000000000], 4, false), 'U32', 1)).toEqual([4000000000]);
    expect(run(le([-(2 ** 40), 3], 8, true), 'I64', 2)).toEqual([-(2 ** 40), 3]);
    expect(run(le([2 ** 50], 8, false), 'U64', 1)).toEqual([2 ** 50]);
  });
  it('encodes F32/F64 little-endian', () => {
    expect(Array.from(encodeFloat(new Float32Array([1]), 'F32'))).toEqual([0, 0, 0x80, 0x3f]);
    expect(Array.from(encodeFloat(new Float32Array([-2]), 'F64'))).toEqual([0, 0, 0, 0, 0, 0, 0, 0xc0]);
  });
});
