import { Generator, type Tensor, tensor, ValueError, zeros } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, Module, Sequential, StateDictError } from '../src/index';

class Block extends Module {
  constructor() {
    super();
    this.registerModule('fc', new Linear(3, 2, { rng: new Generator(1) }));
    this.registerParameter('scale', zeros([2]));
    this.registerBuffer('count', zeros([1]));
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}

describe('Module', () => {
  it('names parameters like PyTorch state_dict', () => {
    const m = new Sequential(new Block(), new Linear(2, 4));
    expect(Object.keys(m.stateDict())).toEqual([
      '0.scale',
      '0.fc.weight',
      '0.fc.bias',
      '1.weight',
      '1.bias',
      '0.count',
    ]);
    expect(m.numParameters()).toBe(2 + 6 + 2 + 8 + 4);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
  });
  it('loads a state dict in place and refuses a bad one with every problem listed', () => {
    const m = new Block();
    const w = m.param('scale');
    const sd = m.stateDict();
    const values = { ...sd, scale: tensor([5, 6]) };
    m.loadStateDict(values);
    expect(m.param('scale')).toBe(w); // same tensor: optimisers stay valid
    expect(Array.from(w.toArray())).toEqual([5, 6]);
    const { scale: _drop, ...missing } = values;
    const bad = { ...missing, extra: tensor([1]), 'fc.weight': tensor([1, 2]) };
    let err: StateDictError | undefined;
    try {
      m.loadStateDict(bad);
    } catch (e) {
      err = e as StateDictError;
    }
    expect(err).toBeInstanceOf(StateDictError);
    expect(err!.missing).toEqual(['scale']);
    expect(err!.unexpected).toEqual(['extra']);
    expect(err!.message).toMatch(/fc.weight: expected \[2, 3\], got \[2\]/);
    expect(m.loadStateDict(missing, { strict: false }).missing).toEqual(['scale']);
  });
  it('train/eval propagate; to(dtype) converts', () => {
    const m = new Sequential(new Block());
    m.eval();
    expect(m.at(0).training).toBe(false);
    m.to('float64');
    expect(m.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    expect(m.summary()).toMatch(/Linear \(weight\[2, 3\], bias\[2\]\)/);
  });
});

describe('Module state dicts (more)', () => {
  it('loads plain {shape, data} values and converts dtypes', () => {
    const m = new Linear(2, 1, { dtype: 'float32' });
    m.loadStateDict({
      weight: { shape: [1, 2], data: [0.1, 0.2] },
      bias: tensor([1 / 3], { dtype: 'float64' }),
    });
    expect(m.weight.dtype).toBe('float32');
    expect(Array.from(m.weight.toArray())).toEqual(Array.from(new Float32Array([0.1, 0.2])));
    expect(m.bias!.item()).toBe(Math.fround(1 / 3));
  });
  it('non-strict loading reports missing and unexpected keys but still refuses a shape mismatch', () => {
    const m = new Linear(2, 1);
    const r = m.loadStateDict({ weight: tensor([[1, 2]]), other: tensor([0]) }, { strict: false });
    expect(r).toEqual({ missing: ['bias'], unexpected: ['other'] });
    expect(Array.from(m.weight.toArray())).toEqual([1, 2]);
    expect(() => m.loadStateDict({ weight: tensor([1, 2]) }, { strict: false })).toThrow(
      /weight: expected \[1, 2\], got \[2\]/,
    );
  });
  it('a strict load that fails changes nothing', () => {
    const m = new Linear(2, 1);
    const before = Array.from(m.weight.toArray());
    expect(() => m.loadStateDict({ weight: tensor([[5, 6]]) })).toThrow(/missing keys: bias/);
    expect(Array.from(m.weight.toArray())).toEqual(before);
  });
  it('stateDict shares storage with the module (detached), and buffers are saved but not trained', () => {
    const b = new Block();
    const sd = b.stateDict();
    expect(sd['scale']!.requiresGrad).toBe(false);
    expect(sd['scale']!.data).toBe(b.param('scale').data);
    expect(b.parameters()).not.toContain(b.buffer('count'));
    expect(Object.keys(sd)).toContain('count');
  });
  it('refuses bad registrations', () => {
    class Bad extends Module {
      constructor(name: string) {
        super();
        this.registerParameter(name, zeros([1]));
      }
    }
    expect(() => new Bad('a.b')).toThrow(/bad name "a.b"/);
    expect(() => new Bad('')).toThrow(ValueError);
    class Twice extends Module {
      constructor() {
        super();
        this.registerParameter('w', zeros([1]));
        this.registerBuffer('w', zeros([1]));
      }
    }
    expect(() => new Twice()).toThrow(/"w" is registered already/);
    expect(() => new Block().param('nope')).toThrow(/no parameter "nope" in Block/);
  });
});
