// Reads the PyTorch golden cases of test/fixtures (made by make-packed.py, shared fixture schema)
// and checks a layer against them: the torch state_dict loads under its own names, x is [T, B, I].
import { readFileSync } from 'node:fs';
import { fromArray, mul, sum, type Tensor, transpose } from '@seqmod/tensor';
import { expect } from 'vitest';
import type { RecurrentLayer, RecurrentState } from '../src/index';
import { expectAllClose } from './close';

interface FixtureTensor {
  shape: number[];
  data: number[];
}

export interface TorchCase {
  params: {
    input_size: number;
    hidden_size: number;
    num_layers: number;
    bidirectional: boolean;
    nonlinearity?: 'tanh' | 'relu';
  };
  inputs: Record<string, FixtureTensor>;
  expected: Record<string, FixtureTensor>;
}

export function loadCase(name: string): TorchCase {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as TorchCase;
}

const tensorOf = (t: FixtureTensor, grad = false) =>
  fromArray(t.data, t.shape, { dtype: 'float64', requiresGrad: grad });

/** Loads the case's weights into `layer`, runs it with lengths, and compares outputs and every gradient. */
export function checkAgainstTorch(layer: RecurrentLayer<RecurrentState>, fx: TorchCase): void {
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(fx.inputs)) if (/^(weight|bias)_/.test(k)) sd[k] = tensorOf(v);
  layer.loadStateDict(sd);
  const x = tensorOf(fx.inputs['x']!, true);
  const h0 = tensorOf(fx.inputs['h0']!, true);
  const c0 = fx.inputs['c0'] ? tensorOf(fx.inputs['c0'], true) : null;
  const lengths = [...fx.inputs['lengths']!.data];
  const [y, s] = layer.forward(transpose(x, 0, 1), c0 ? { h: h0, c: c0 } : { h: h0 }, { lengths });
  const out = transpose(y, 0, 1);
  const results: Record<string, Tensor> = { output: out, h_n: s.h, ...(s.c ? { c_n: s.c } : {}) };
  let loss: Tensor | null = null;
  for (const [k, t] of Object.entries(results)) {
    expectAllClose(t, tensorOf(fx.expected[k]!), 1e-10, 1e-11);
    const term = sum(mul(t, tensorOf(fx.inputs[`g_${k}`]!)));
    loss = loss ? loss.add(term) : term;
  }
  loss!.backward();
  const params = Object.fromEntries(layer.namedParameters());
  const grads = Object.keys(fx.expected).filter((k) => k.startsWith('grad_'));
  expect(grads.length).toBeGreaterThan(3);
  for (const k of grads) {
    const name = k.slice(5);
    const t = name === 'x' ? x : name === 'h0' ? h0 : name === 'c0' ? c0 : params[name];
    expectAllClose(t!.grad!, tensorOf(fx.expected[k]!), 1e-9, 1e-11);
  }
}
