// Rotary position embedding (Su et al. 2021, "RoFormer: Enhanced Transformer with Rotary Position
// Embedding").
//
// Glossary
//   d          rotated width (even); pairs of features are rotated as points in a plane
//   θ (theta)  base of the frequencies, 10000 in RoFormer and most models
//   ω_i        θ^(−2i/d), i = 0 .. d/2 − 1, the angular frequency of pair i
//   t          position of a row: offset + row index (offset = tokens already in a KV cache)
//   (a, b)     a pair rotated by angle t·ω_i:  a' = a cos − b sin,  b' = b cos + a sin
//
// Two conventions pick which features form pair i, and they are not interchangeable on trained
// weights:
//   'half'        (a, b) = (x_i, x_{i + d/2})   "rotate half", GPT-NeoX / LLaMA (Hugging Face)
//   'interleaved' (a, b) = (x_{2i}, x_{2i+1})   RoFormer's paper, GPT-J, Meta's LLaMA reference
// Both give the same attention scores when q and k use the same convention (the two differ by a
// fixed permutation of the features), which is why HF's DeepSeek code can permute interleaved
// weights into the half layout before rotating.
import {
  add,
  concat,
  fmtShape,
  fromArray,
  mul,
  reshape,
  ShapeError,
  select,
  slice,
  stack,
  sub,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';

export type RopeConvention = 'half' | 'interleaved';

export interface RopeOptions {
  /** Pairing of features (default 'half'). */
  convention?: RopeConvention;
  /** Frequency base (default 10000). */
  theta?: number;
  /** Position of the first row (default 0): the number of tokens before it, e.g. a KV cache's length. */
  offset?: number;
  /** Explicit positions, one per row (overrides offset). */
  positions?: readonly number[];
}

/**
 * cos and sin of the rotation angles t·ω_i (computed in float64, then cast): L rows, width d ->
 * cos, sin: [L, d/2].
 */
export function ropeAngles(
  L: number,
  d: number,
  opts: RopeOptions = {},
  dtype: 'float32' | 'float64' = 'float32',
): { cos: Tensor; sin: Tensor } {
  const theta = opts.theta ?? 10000;
  if (!(theta > 0)) throw new ValueError('ropeAngles', `theta must be positive, got ${theta}`);
  if (!Number.isInteger(d) || d <= 0 || d % 2 !== 0)
    throw new ValueError('ropeAngles', `width must be a positive even integer, got ${d}`);
  const positions = opts.positions;
  if (positions && positions.length !== L)
    throw new ValueError('ropeAngles', `got ${positions.length} positions for ${L} rows`);
  const offset = opts.offset ?? 0;
  const half = d / 2;
  const cos = new Float64Array(L * half);
  const sin = new Float64Array(L * half);
  const freqs = Array.from({ length: half }, (_, i) => theta ** (-(2 * i) / d));
  for (let t = 0; t < L; t++) {
    const pos = positions ? positions[t]! : offset + t;
    for (let i = 0; i < half; i++) {
      const a = pos * freqs[i]!;
      cos[t * half + i] = Math.cos(a);
      sin[t * half + i] = Math.sin(a);
    }
  }
  return { cos: fromArray(cos, [L, half], { dtype }), sin: fromArray(sin, [L, half], { dtype }) };
}

/** Rotates the rows of x: [..., L, d] -> [..., L, d] by their positions. Differentiable. */
export function applyRope(x: Tensor, opts: RopeOptions = {}): Tensor {
  if (x.ndim < 2) throw new ShapeError('applyRope', `x must be [..., L, d], got ${fmtShape(x.shape)}`);
  const L = x.shape[x.ndim - 2]!;
  const d = x.shape[x.ndim - 1]!;
  if (d % 2 !== 0)
    throw new ShapeError('applyRope', `the rotated width must be even, got ${fmtShape(x.shape)}`);
  const { cos, sin } = ropeAngles(L, d, opts, x.dtype);
  const rotate = (a: Tensor, b: Tensor) =>
    [sub(mul(a, cos), mul(b, sin)), add(mul(b, cos), mul(a, sin))] as const;
  const convention = opts.convention ?? 'half';
  if (convention === 'half') {
    const [a, b] = rotate(slice(x, -1, 0, d / 2), slice(x, -1, d / 2));
    return concat([a, b], -1);
  }
  if (convention === 'interleaved') {
    const pairs = reshape(x, [...x.shape.slice(0, -1), d / 2, 2]);
    const [a, b] = rotate(select(pairs, -1, 0), select(pairs, -1, 1));
    return reshape(stack([a, b], -1), x.shape);
  }
  throw new ValueError('applyRope', `convention must be 'half' or 'interleaved', got ${String(convention)}`);
}
