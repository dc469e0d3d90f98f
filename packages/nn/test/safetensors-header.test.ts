import { tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader, saveSafetensors } from '../src/index';
import { asBytes } from '../src/safetensors-header';

describe('readSafetensorsHeader', () => {
  it('returns entries, metadata and where the data starts', () => {
    const bytes = saveSafetensors({ w: tensor([[1, 2, 3]]) }, { metadata: { a: 'b' } });
    const h = readSafetensorsHeader(bytes.buffer);
    expect(h.metadata).toEqual({ a: 'b' });
    expect(h.entries).toEqual([{ name: 'w', dtype: 'F32', shape: [1, 3], dataOffsets: [0, 12] }]);
    expect(h.dataStart).toBe(bytes.length - 12);
    expect(h.dataStart % 8).toBe(0);
  });
  it('views any buffer as plain bytes at the right offset', () => {
    const backing = new Uint8Array([9, 1, 2, 3]);
    const view = new DataView(backing.buffer, 1, 2);
    expect(Array.from(asBytes(view))).toEqual([1, 2]);
    expect(Array.from(asBytes(backing.buffer))).toEqual([9, 1, 2, 3]);
    expect(() => asBytes('nope' as unknown as ArrayBuffer)).toThrow(
      /expected an ArrayBuffer or a Uint8Array/,
    );
  });
});
