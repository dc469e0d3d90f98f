import { Generator, tensor } from '@seqmod/tensor';
import { describe, expect, it } from 'vitest';
import { Dropout, Lambda, Linear, Residual, Sequential } from '../src/index';

describe('containers', () => {
  it('Sequential applies layers in order and names children 0, 1, ... as torch', () => {
    const seq = new Sequential(new Lambda((x) => x.mul(2)), new Lambda((x) => x.add(1)));
    expect(Array.from(seq.forward(tensor([1, 2])).toArray())).toEqual([3, 5]);
    const net = new Sequential(new Linear(2, 3), new Dropout(0.1), new Linear(3, 1));
    expect(Object.keys(net.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(net.length).toBe(3);
    expect(net.at(1)).toBeInstanceOf(Dropout);
  });
  it('Residual adds its input; train/eval reach nested layers', () => {
    const inner = new Linear(2, 2, { rng: new Generator(1) });
    const r = new Residual(inner);
    const x = tensor([[1, -1]]);
    const expected = x.add(inner.forward(x)).toArray();
    expect(Array.from(r.forward(x).toArray())).toEqual(Array.from(expected));
    expect(Object.keys(r.stateDict())).toEqual(['inner.weight', 'inner.bias']);
    const d = new Dropout(0.5);
    const net = new Sequential(new Residual(new Sequential(d)));
    net.eval();
    expect(d.training).toBe(false);
  });
});
