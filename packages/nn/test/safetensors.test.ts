import { Generator, type Tensor, tensor, ValueError, zeros } from '@seqmod/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LayerNorm,
  Linear,
  loadSafetensors,
  readSafetensorsHeader,
  Sequential,
  saveSafetensors,
} from '../src/index';

// Built by hand in Python per the format spec (struct + json), the F16/BF16/I64 bytes from torch 1.13
// tensors; its F32 data sits at an unaligned file offset (header of 377 bytes).
const HAND_BUILT =
  'eQEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6IHsiZm9ybWF0IjogInB0IiwgIm5vdGUiOiAiaGFuZC1idWlsdCJ9LCAiaGFsZiI6IHsiZHR5cGUiOiAiRjE2IiwgInNoYXBlIjogWzVdLCAiZGF0YV9vZmZzZXRzIjogWzAsIDEwXX0sICJiZiI6IHsiZHR5cGUiOiAiQkYxNiIsICJzaGFwZSI6IFszXSwgImRhdGFfb2Zmc2V0cyI6IFsxMCwgMTZdfSwgInciOiB7ImR0eXBlIjogIkYzMiIsICJzaGFwZSI6IFsyLCAyXSwgImRhdGFfb2Zmc2V0cyI6IFsxNiwgMzJdfSwgIm4iOiB7ImR0eXBlIjogIkk2NCIsICJzaGFwZSI6IFtdLCAiZGF0YV9vZmZzZXRzIjogWzMyLCA0MF19LCAiZCI6IHsiZHR5cGUiOiAiRjY0IiwgInNoYXBlIjogWzFdLCAiZGF0YV9vZmZzZXRzIjogWzQwLCA0OF19fQA8AMH/ewAEAQCAP0nASnHNzMw9zcxMPpqZmT7NzMw+BwAAAAAAAABVVVVVVVXVPw==';

const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** A file from a header object and a data buffer of `dataLength` zero bytes. */
function fileWith(header: unknown, dataLength: number, headerText?: string): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

describe('loadSafetensors', () => {
  it('reads a hand-built file with F16, BF16, F32, I64 and F64 tensors and metadata', () => {
    const { tensors, metadata } = loadSafetensors(bytesOf(HAND_BUILT));
    expect(metadata).toEqual({ format: 'pt', note: 'hand-built' });
    expect(Object.keys(tensors)).toEqual(['half', 'bf', 'w', 'n', 'd']);
    expect(Array.from(tensors['half']!.toArray())).toEqual([1, -2.5, 65504, 2 ** -14, 2 ** -24]);
    expect(Array.from(tensors['bf']!.toArray())).toEqual([1, -3.140625, 1.0002555517425873e30]);
    expect(tensors['w']!.shape).toEqual([2, 2]);
    expect(Array.from(tensors['w']!.toArray())).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.3, 0.4])));
    expect(tensors['n']!.shape).toEqual([]);
    expect(tensors['n']!.item()).toBe(7);
    expect(tensors['d']!.dtype).toBe('float64');
    expect(tensors['d']!.item()).toBe(1 / 3);
    expect(tensors['w']!.dtype).toBe('float32');
    expect(loadSafetensors(bytesOf(HAND_BUILT).buffer, { dtype: 'float64' }).tensors['half']!.dtype).toBe(
      'float64',
    );
  });
  it('reads from a Node Buffer that is a view into a shared pool', () => {
    const pooled = Buffer.from(HAND_BUILT, 'base64'); // small Buffers share one pool: byteOffset may be anything
    const { tensors } = loadSafetensors(pooled);
    expect(Array.from(tensors['w']!.toArray())).toEqual(Array.from(new Float32Array([0.1, 0.2, 0.3, 0.4])));
    expect(tensors['d']!.item()).toBe(1 / 3);
  });
  it('refuses truncated and corrupt files with a message naming the problem', () => {
    const good = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F64', shape: [1], data_offsets: [8, 16] },
    };
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(5), /truncated file: 5 bytes, but the header length alone takes 8/],
      [fileWith(good, 16).subarray(0, 20), /truncated file: the header claims \d+ bytes, but only 12 follow/],
      [fileWith(good, 12), /truncated file: tensor "b" ends at byte 16 of the buffer, which has 12/],
      [fileWith(good, 20), /4 trailing bytes after the last tensor/],
      [fileWith(null, 0, '[1, 2]'), /must be a JSON object starting with '\{'/],
      [fileWith(null, 0, '{"a": '), /not valid JSON/],
      [
        fileWith({ a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, 1),
        /tensor "a": unsupported or missing dtype "F8_E4M3"/,
      ],
      [
        fileWith({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8),
        /tensor "a": F32 of shape \[3\] needs 12 bytes, data_offsets \[0, 8\] hold 8/,
      ],
      [
        fileWith({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4),
        /shape must be a list of non-negative integers/,
      ],
      [
        fileWith({ a: { dtype: 'F32', shape: [1], data_offsets: [4] } }, 4),
        /data_offsets must be \[begin, end\]/,
      ],
      [
        fileWith(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
        /tensor "b" at \[4, 12\) overlaps "a"/,
      ],
      [
        fileWith({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8),
        /bytes \[0, 4\) before tensor "a" belong to no tensor/,
      ],
      [fileWith({ __metadata__: { n: 1 } }, 0), /__metadata__ values must be strings; "n" is 1/],
      [fileWith({ a: [1] }, 0), /tensor "a": entry must be an object/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => loadSafetensors(bytes), String(message)).toThrow(message);
      expect(() => loadSafetensors(bytes)).toThrow(ValueError);
    }
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(() => loadSafetensors(huge)).toThrow(
      /header length 1099511627776 exceeds the 100000000-byte limit/,
    );
    const badUtf8 = fileWith(null, 0, '{"a":1}');
    badUtf8[10] = 0xff;
    expect(() => loadSafetensors(badUtf8)).toThrow(/not valid UTF-8/);
  });
  it('accepts empty tensors and trailing-space padding, as the format allows', () => {
    const f = fileWith(
      null,
      4,
      `${JSON.stringify({ e: { dtype: 'F32', shape: [0, 3], data_offsets: [0, 0] }, s: { dtype: 'F32', shape: [], data_offsets: [0, 4] } })}   `,
    );
    const { tensors } = loadSafetensors(f);
    expect(tensors['e']!.shape).toEqual([0, 3]);
    expect(tensors['s']!.item()).toBe(0);
  });
});

describe('saveSafetensors', () => {
  it('round-trips float32 and float64 tensors exactly, with metadata', () => {
    const rng = new Generator(1);
    const sd = {
      'layer.weight': rng.normal([3, 4]),
      'layer.bias': rng.normal([4], 0, 1, { dtype: 'float64' }),
      scalar: tensor(2.5),
      empty: zeros([0, 2]),
      view: rng.normal([4, 3]).T, // non-contiguous input is written in row-major order
    };
    const bytes = saveSafetensors(sd, { metadata: { format: 'pt' } });
    const { tensors, metadata } = loadSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    for (const [k, t] of Object.entries(sd)) {
      expect(tensors[k]!.shape).toEqual(t.shape);
      expect(tensors[k]!.dtype).toBe(t.dtype);
      expect(Array.from(tensors[k]!.toArray())).toEqual(Array.from(t.toArray()));
    }
  });
  it('lays the file out as the reference writer: header padded to 8 bytes, F64 data first, names sorted', () => {
    const bytes = saveSafetensors({
      b: tensor([1, 2, 3]),
      a: tensor([4]),
      c: tensor([5], { dtype: 'float64' }),
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = readSafetensorsHeader(bytes);
    expect(header.entries.map((e) => [e.name, e.dtype, e.dataOffsets])).toEqual([
      ['c', 'F64', [0, 8]],
      ['a', 'F32', [8, 12]],
      ['b', 'F32', [12, 24]],
    ]);
    expect(bytes.length).toBe(8 + n + 24);
    expect(
      loadSafetensors(saveSafetensors({ x: tensor([0.1]) }, { dtype: 'F64' })).tensors['x']!.item(),
    ).toBe(Math.fround(0.1));
  });
  it('moves a model: stateDict -> bytes -> loadStateDict gives the same outputs', () => {
    const make = (seed: number) =>
      new Sequential(new Linear(3, 4, { rng: new Generator(seed) }), new LayerNorm(4));
    const a = make(1);
    const b = make(2);
    const x = new Generator(3).normal([2, 3]);
    expect(Array.from(b.forward(x).toArray())).not.toEqual(Array.from(a.forward(x).toArray()));
    b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())).tensors);
    expect(Array.from(b.forward(x).toArray())).toEqual(Array.from(a.forward(x).toArray()));
  });
  it('accepts plain {shape, data} values and refuses bad names and metadata', () => {
    const t = loadSafetensors(saveSafetensors({ p: { shape: [2], data: new Float64Array([1, 2]) } })).tensors[
      'p'
    ]!;
    expect(t.dtype).toBe('float64');
    expect(() => saveSafetensors({ __metadata__: tensor([1]) })).toThrow(
      /saveSafetensors: "__metadata__" cannot name a tensor/,
    );
    expect(() => saveSafetensors({ p: { shape: [3], data: [1, 2] } })).toThrow(
      /"p": 2 values for shape \[3\]/,
    );
    expect(() => saveSafetensors({}, { metadata: { a: 1 as unknown as string } })).toThrow(
      /metadata values must be strings/,
    );
  });
  it('round-trips any state dict (property)', () => {
    const shapeArb = fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 6 }),
          fc.tuple(shapeArb, fc.boolean(), fc.integer()),
        ),
        (spec) => {
          const sd: Record<string, Tensor> = {};
          for (const [name, [shape, f64, seed]] of Object.entries(spec)) {
            if (name === '__metadata__') continue;
            sd[name] = new Generator(seed).normal(shape, 0, 1, { dtype: f64 ? 'float64' : 'float32' });
          }
          const back = loadSafetensors(saveSafetensors(sd)).tensors;
          return Object.entries(sd).every(
            ([k, t]) =>
              back[k]!.dtype === t.dtype &&
              back[k]!.shape.join() === t.shape.join() &&
              back[k]!.toArray().every((v, i) => Object.is(v, t.toArray()[i])),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('safetensors names', () => {
  it('keeps a tensor named "__proto__" as an ordinary entry', () => {
    const sd: Record<string, Tensor> = {};
    Object.defineProperty(sd, '__proto__', { value: tensor([1, 2]), enumerable: true });
    const back = loadSafetensors(saveSafetensors(sd)).tensors;
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(Array.from(Object.getOwnPropertyDescriptor(back, '__proto__')!.value.toArray())).toEqual([1, 2]);
  });
});
