// Test fixtures for the gemm kernels: matrices stored with every kind of stride a tensor view can
// have, a naive triple-loop reference, and an arbitrary (fast-check) product description.
import fc from 'fast-check';
import type { FloatArray, GemmArgs } from '../../src/kernels/gemm-args';

/** How a rows × cols operand sits in its array. */
export type Layout =
  | 'row'
  | 'col'
  | 'rowReversed'
  | 'colReversed'
  | 'rowBroadcast'
  | 'colBroadcast'
  | 'step2';
export const LAYOUTS: Layout[] = [
  'row',
  'col',
  'rowReversed',
  'colReversed',
  'rowBroadcast',
  'colBroadcast',
  'step2',
];

export interface Operand {
  length: number;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** Places a rows × cols matrix: `pad` unused elements per line, `lead` elements before it. */
export function place(rows: number, cols: number, layout: Layout, pad: number, lead: number): Operand {
  const r = Math.max(rows, 1);
  const c = Math.max(cols, 1);
  switch (layout) {
    case 'row':
      return { length: lead + r * (c + pad), offset: lead, rowStride: c + pad, colStride: 1 };
    case 'col':
      return { length: lead + c * (r + pad), offset: lead, rowStride: 1, colStride: r + pad };
    case 'rowReversed': // rows in reverse order (a flipped view): negative row stride
      return {
        length: lead + r * (c + pad),
        offset: lead + (r - 1) * (c + pad),
        rowStride: -(c + pad),
        colStride: 1,
      };
    case 'colReversed':
      return {
        length: lead + c * (r + pad),
        offset: lead + (c - 1) * (r + pad),
        rowStride: 1,
        colStride: -(r + pad),
      };
    case 'rowBroadcast': // every row is the same row: stride 0
      return { length: lead + c + pad, offset: lead, rowStride: 0, colStride: 1 };
    case 'colBroadcast':
      return { length: lead + r + pad, offset: lead, rowStride: 1, colStride: 0 };
    case 'step2': // every other element of every other row
      return {
        length: lead + 2 * r * (2 * c + pad),
        offset: lead,
        rowStride: 2 * (2 * c + pad),
        colStride: 2,
      };
  }
}

/** Deterministic values in [-1, 1) from a seed (a 32-bit LCG). */
export function fillRandom<T extends FloatArray>(x: T, seed: number): T {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

export interface Product {
  m: number;
  n: number;
  k: number;
  aLayout: Layout;
  bLayout: Layout;
  pads: [number, number, number];
  leads: [number, number, number];
  accumulate: boolean;
  seed: number;
}

export function productArb(maxDim: number): fc.Arbitrary<Product> {
  const dim = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxDim }));
  const small = fc.integer({ min: 0, max: 3 });
  return fc.record({
    m: dim,
    n: dim,
    k: dim,
    aLayout: fc.constantFrom(...LAYOUTS),
    bLayout: fc.constantFrom(...LAYOUTS),
    pads: fc.tuple(small, small, small),
    leads: fc.tuple(small, small, small),
    accumulate: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  });
}

export interface Case<T extends FloatArray> {
  args: GemmArgs<T>;
  /** C before the call, to check what must stay untouched. */
  before: T;
}

/** Builds the arrays of a product; C is a row-major region of a larger, pre-filled array. */
export function build<T extends FloatArray>(make: (length: number) => T, p: Product): Case<T> {
  const A = place(p.m, p.k, p.aLayout, p.pads[0], p.leads[0]);
  const B = place(p.k, p.n, p.bLayout, p.pads[1], p.leads[1]);
  const cRowStride = p.n + p.pads[2];
  const c = fillRandom(make(p.leads[2] + Math.max(p.m, 1) * cRowStride + 2), p.seed + 2);
  const args: GemmArgs<T> = {
    m: p.m,
    n: p.n,
    k: p.k,
    a: fillRandom(make(A.length), p.seed),
    aOffset: A.offset,
    aRowStride: A.rowStride,
    aColStride: A.colStride,
    b: fillRandom(make(B.length), p.seed + 1),
    bOffset: B.offset,
    bRowStride: B.rowStride,
    bColStride: B.colStride,
    c,
    cOffset: p.leads[2],
    cRowStride,
    accumulate: p.accumulate,
  };
  return { args, before: c.slice() as T };
}

/** The naive triple loop in float64: the expected C values and Σ|A||B| per entry (error scale). */
export function reference(
  g: GemmArgs<FloatArray>,
  before: FloatArray,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(g.m * g.n);
  const scale = new Float64Array(g.m * g.n);
  for (let i = 0; i < g.m; i++) {
    for (let j = 0; j < g.n; j++) {
      let sum = 0;
      let abs = 0;
      for (let p = 0; p < g.k; p++) {
        const x =
          g.a[g.aOffset + i * g.aRowStride + p * g.aColStride]! *
          g.b[g.bOffset + p * g.bRowStride + j * g.bColStride]!;
        sum += x;
        abs += Math.abs(x);
      }
      const prior = before[g.cOffset + i * g.cRowStride + j]!;
      value[i * g.n + j] = g.accumulate ? prior + sum : sum;
      scale[i * g.n + j] = abs + (g.accumulate ? Math.abs(prior) : 0);
    }
  }
  return { value, scale };
}

/**
 * Describes the first mismatch, or returns null: entries of C within `rel`·scale (plus one
 * rounding of the value itself) of the reference, and every element outside C's region unchanged.
 */
export function mismatch(
  g: GemmArgs<FloatArray>,
  before: FloatArray,
  rel: number,
  eps: number,
): string | null {
  const { value, scale } = reference(g, before);
  const inRegion = new Uint8Array(g.c.length);
  for (let i = 0; i < g.m; i++) {
    for (let j = 0; j < g.n; j++) {
      const at = g.cOffset + i * g.cRowStride + j;
      inRegion[at] = 1;
      const want = value[i * g.n + j]!;
      const got = g.c[at]!;
      const tol = rel * scale[i * g.n + j]! + eps * Math.abs(want) + 1e-300;
      if (!(Math.abs(got - want) <= tol))
        return `C[${i}, ${j}] = ${got}, expected ${want} (tolerance ${tol})`;
    }
  }
  for (let at = 0; at < g.c.length; at++) {
    if (!inRegion[at] && !Object.is(g.c[at], before[at]))
      return `element ${at} outside C changed: ${before[at]} -> ${g.c[at]}`;
  }
  return null;
}
