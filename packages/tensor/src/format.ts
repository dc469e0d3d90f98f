// A readable rendering of a tensor for toString() and console output.
import type { Tensor } from './tensor';

const MAX_ITEMS = 6;

function num(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(4) : v.toFixed(4);
}

export function formatTensor(t: Tensor): string {
  const flat = t.toArray();
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const body = (dim: number, base: number, indent: string): string => {
    if (dim === t.ndim) return num(flat[base]!);
    const n = t.shape[dim]!;
    const show = n > MAX_ITEMS ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    const parts = show.map((i) => (i === -1 ? '...' : body(dim + 1, base + i * strides[dim]!, `${indent} `)));
    return dim === t.ndim - 1 ? `[${parts.join(', ')}]` : `[${parts.join(`,\n${indent} `)}]`;
  };
  const grad = t.requiresGrad ? ', requiresGrad' : '';
  return `tensor(${body(0, 0, '')}, shape=[${t.shape.join(', ')}], dtype=${t.dtype}${grad})`;
}
