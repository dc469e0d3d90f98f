// The Tensor ops train through the scanner: gradcheck (float64, cpu reference), and the wasm-simd
// and webasm paths give the same gradients in float32.
import { assertGradcheck, fromArray, mul, sum, type Tensor } from '@seqmod/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { createScanner, linearScanTensor, type Scanner, selectiveScanTensor } from '../src/index';
import { rand, rng } from './helpers';

const scanners: Scanner[] = [];
afterAll(() => {
  for (const s of scanners) s.destroy();
});

function tensors(dtype: 'float32' | 'float64', seed: number) {
  const r = rng(seed);
  const B = 2;
  const L = 6;
  const D = 4;
  const N = 3;
  const t = (n: number, shape: number[], scale = 1, offset = 0) =>
    fromArray(rand(r, n, scale, offset, true), shape, { dtype, requiresGrad: true });
  return {
    u: t(B * L * D, [B, L, D]),
    delta: t(B * L * D, [B, L, D], 0.5, -0.5),
    A: t(D * N, [D, N], 0.5, -1),
    B: t(B * L * N, [B, L, N]),
    C: t(B * L * N, [B, L, N]),
    D: t(D, [D]),
    z: t(B * L * D, [B, L, D]),
    deltaBias: t(D, [D], 0.2),
  };
}

describe('selectiveScanTensor', () => {
  it('passes gradcheck through the cpu reference (float64)', async () => {
    const s = await createScanner({ backend: 'cpu' });
    scanners.push(s);
    const x = tensors('float64', 1);
    const names = Object.keys(x) as (keyof typeof x)[];
    assertGradcheck(
      (...ts: Tensor[]) => {
        const inp = Object.fromEntries(names.map((k, i) => [k, ts[i]!])) as unknown as typeof x;
        const y = selectiveScanTensor(s, inp, { deltaSoftplus: true });
        return [y.out, y.lastState];
      },
      names.map((k) => x[k]),
    );
  });

  it.each(['wasm-simd', 'webasm'] as const)('gives the same gradients on %s (float32)', async (backend) => {
    const cpu = await createScanner({ backend: 'cpu' });
    const wasm = await createScanner({ backend });
    scanners.push(cpu, wasm);
    const grads = (s: Scanner) => {
      const x = tensors('float32', 2);
      const y = selectiveScanTensor(s, x, { deltaSoftplus: true });
      const g = fromArray(rand(rng(3), y.out.size, 1, 0, true), y.out.shape, { dtype: 'float32' });
      sum(mul(y.out, g)).backward();
      return Object.values(x).map((t) => Array.from(t.grad!.toArray()));
    };
    const a = grads(cpu);
    const b = grads(wasm);
    for (let i = 0; i < a.length; i++) {
      for (let j = 0; j < a[i]!.length; j++) expect(b[i]![j]).toBeCloseTo(a[i]![j]!, 3);
    }
  });
});

describe('linearScanTensor', () => {
  it('passes gradcheck through the cpu reference (float64)', async () => {
    const s = await createScanner({ backend: 'cpu' });
    scanners.push(s);
    const r = rng(5);
    const mk = (n: number, shape: number[], scale = 1, offset = 0) =>
      fromArray(rand(r, n, scale, offset, true), shape, { dtype: 'float64', requiresGrad: true });
    const a = mk(2 * 5 * 3, [2, 5, 3], 0.5, 0.3);
    const b = mk(2 * 5 * 3, [2, 5, 3]);
    const h0 = mk(2 * 3, [2, 3]);
    assertGradcheck(
      (ta: Tensor, tb: Tensor, th: Tensor) => linearScanTensor(s, { a: ta, b: tb, h0: th }),
      [a, b, h0],
    );
  });

  it('gives the cpu gradients on wasm-simd (float32 tensors)', async () => {
    const cpu = await createScanner({ backend: 'cpu' });
    const wasm = await createScanner({ backend: 'wasm-simd' });
    scanners.push(cpu, wasm);
    const grads = (s: Scanner) => {
      const r = rng(8);
      const mk = (n: number, shape: number[], scale = 1, offset = 0) =>
        fromArray(rand(r, n, scale, offset, true), shape, { dtype: 'float32', requiresGrad: true });
      const x = { a: mk(2 * 7 * 5, [2, 7, 5], 0.5, 0.3), b: mk(2 * 7 * 5, [2, 7, 5]), h0: mk(10, [2, 5]) };
      const h = linearScanTensor(s, x);
      const g = fromArray(rand(rng(9), h.size, 1, 0, true), h.shape, { dtype: 'float32' });
      sum(mul(h, g)).backward();
      return [x.a, x.b, x.h0].map((t) => Array.from(t.grad!.toArray()));
    };
    const a = grads(cpu);
    const b = grads(wasm);
    for (let i = 0; i < a.length; i++) {
      for (let j = 0; j < a[i]!.length; j++) expect(b[i]![j]).toBeCloseTo(a[i]![j]!, 4);
    }
  });
});
