// Shared test helpers: seeded random tensors, comparisons, and a naive reference attention
// written with plain loops (independent of the library's tensor ops).

import { fromArray, Generator, noGrad, type Tensor } from '@seqmod/tensor';
import { expect } from 'vitest';

export function randn(shape: number[], seed = 1, dtype: 'float32' | 'float64' = 'float64', std = 1): Tensor {
  return new Generator(seed).normal(shape, 0, std, { dtype });
}

export function arr(t: Tensor): number[] {
  return Array.from(t.toArray());
}

export function maxAbsDiff(a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>): number {
  const x = 'toArray' in a ? a.toArray() : a;
  const y = 'toArray' in b ? b.toArray() : b;
  if (x.length !== y.length) throw new Error(`length ${x.length} != ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** Asserts |a − b| ≤ tol·(1 + |b|) elementwise, with the worst element in the message. */
export function expectClose(a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>, tol: number): void {
  const x = 'toArray' in a ? a.toArray() : a;
  const y = 'toArray' in b ? b.toArray() : b;
  expect(x.length).toBe(y.length);
  let worst = -1;
  let ratio = 0;
  for (let i = 0; i < x.length; i++) {
    const diff = Math.abs(x[i]! - y[i]!);
    if (diff === 0 || x[i] === y[i]) continue;
    const r = diff / (tol * (1 + Math.abs(y[i]!)));
    if (!(r <= ratio)) {
      ratio = Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
      worst = i;
    }
  }
  if (ratio > 1) throw new Error(`element ${worst}: ${x[worst]} vs ${y[worst]} (tol ${tol})`);
}

export interface NaiveOptions {
  causal?: boolean;
  scale?: number;
  /** additive [Lq, Lk] */
  mask?: number[][];
  /** may query position p see key j (positions bottom-right aligned) */
  allows?: (p: number, j: number) => boolean;
  slopes?: number[];
}

/**
 * Softmax attention with loops, float64: q [B, H, Lq, d], k [B, Hkv, Lk, d], v [B, Hkv, Lk, dv].
 * Rows that see no key give zeros (the library's convention).
 */
export function naiveAttention(q: Tensor, k: Tensor, v: Tensor, o: NaiveOptions = {}): Tensor {
  const [B, H, Lq, d] = q.shape as [number, number, number, number];
  const [, Hkv, Lk] = k.shape as [number, number, number];
  const dv = v.shape[3]!;
  const Q = q.toArray();
  const K = k.toArray();
  const V = v.toArray();
  const out = new Float64Array(B * H * Lq * dv);
  const scale = o.scale ?? 1 / Math.sqrt(d);
  const off = Lk - Lq;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const g = Math.floor(h / (H / Hkv));
      for (let i = 0; i < Lq; i++) {
        const logits: number[] = [];
        for (let j = 0; j < Lk; j++) {
          let s = 0;
          for (let c = 0; c < d; c++)
            s += Q[((b * H + h) * Lq + i) * d + c]! * K[((b * Hkv + g) * Lk + j) * d + c]!;
          s *= scale;
          if (o.mask) s += o.mask[i]![j]!;
          if (o.slopes) s += o.slopes[h]! * (j - (i + off));
          if (o.causal && j > i + off) s = Number.NEGATIVE_INFINITY;
          if (o.allows && !o.allows(i + off, j)) s = Number.NEGATIVE_INFINITY;
          logits.push(s);
        }
        const m = Math.max(...logits);
        if (m === Number.NEGATIVE_INFINITY) continue;
        const e = logits.map((s) => Math.exp(s - m));
        const z = e.reduce((p, x) => p + x, 0);
        for (let c = 0; c < dv; c++) {
          let acc = 0;
          for (let j = 0; j < Lk; j++) acc += (e[j]! / z) * V[((b * Hkv + g) * Lk + j) * dv + c]!;
          out[((b * H + h) * Lq + i) * dv + c] = acc;
        }
      }
    }
  }
  return fromArray(out, [B, H, Lq, dv], { dtype: 'float64' });
}

/** Gradients of Σ f(inputs) ⊙ g with respect to each input (fresh leaves; float64). */
export function gradsOf(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], g: Tensor): Tensor[] {
  const leaves = inputs.map((x) => fromArray(x.toArray(), x.shape, { requiresGrad: true }));
  const out = f(...leaves);
  out.mul(g).sum().backward();
  return leaves.map(
    (x) => x.grad ?? fromArray(new (x.dtype === 'float64' ? Float64Array : Float32Array)(x.size), x.shape),
  );
}

/**
 * Checks the gradients autograd gives a module's parameters (float64, contiguous leaves) against
 * central differences of Σ f() ⊙ g for a fixed random g.
 */
export function checkParameterGrads(params: Tensor[], f: () => Tensor, tol = 1e-6, eps = 1e-6): void {
  for (const p of params) p.zeroGrad();
  const first = f();
  const g = randn(first.shape as number[], 12345);
  first.mul(g).sum().backward();
  const objective = () => noGrad(() => f().mul(g).sum().item());
  params.forEach((p, k) => {
    const analytic = p.grad ? p.grad.toArray() : new Float64Array(p.size);
    for (let i = 0; i < p.size; i++) {
      const orig = p.data[i]!;
      p.data[i] = orig + eps;
      const up = objective();
      p.data[i] = orig - eps;
      const down = objective();
      p.data[i] = orig;
      const numeric = (up - down) / (2 * eps);
      if (!(Math.abs(analytic[i]! - numeric) <= tol * (1 + Math.abs(numeric)))) {
        throw new Error(`parameter ${k} element ${i}: analytic ${analytic[i]}, numeric ${numeric}`);
      }
    }
  });
}
