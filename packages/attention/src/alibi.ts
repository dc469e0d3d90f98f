// ALiBi: attention with linear biases (Press, Smith & Lewis, "Train Short, Test Long", ICLR 2022).
//
// Glossary
//   H         number of heads
//   m_h       the slope of head h: a geometric sequence, m_h = r^(h+1) with r = 2^(−8/H) when H is
//             a power of two
//   bias      bias[h, i, j] = m_h · (j − p_i) added to the attention logits; p_i = i + (Lk − Lq) is
//             the query's absolute position (bottom-right alignment, as everywhere in this package),
//             so keys further in the past get a larger penalty; with Lq = Lk, bias = m_h · (j − i)
//
// Matches `get_slopes` of the paper's code (github.com/ofirpress/attention_with_linear_biases):
// when H is not a power of two, the first 2^⌊log2 H⌋ slopes are those of that power of two and
// the rest are every other slope of the next power of two.
import { allocate, type DType, fromArray, type Tensor, ValueError } from '@seqmod/tensor';

function powerOfTwoSlopes(n: number): number[] {
  const start = 2 ** -(2 ** -(Math.log2(n) - 3));
  return Array.from({ length: n }, (_, i) => start ** (i + 1));
}

/** The ALiBi slopes of `numHeads` heads: H -> slopes [H]. */
export function alibiSlopes(numHeads: number): number[] {
  if (!Number.isInteger(numHeads) || numHeads <= 0)
    throw new ValueError('alibiSlopes', `numHeads must be a positive integer, got ${numHeads}`);
  const lower = 2 ** Math.floor(Math.log2(numHeads));
  if (lower === numHeads) return powerOfTwoSlopes(numHeads);
  const extra = alibiSlopes(2 * lower).filter((_, i) => i % 2 === 0);
  return [...powerOfTwoSlopes(lower), ...extra.slice(0, numHeads - lower)];
}

/**
 * The additive ALiBi bias: slopes [H] (or a head count), Lq, Lk (default Lq) -> bias [H, Lq, Lk],
 * bias[h, i, j] = slope_h · (j − (i + Lk − Lq)).
 */
export function alibiBias(
  slopes: readonly number[] | number,
  Lq: number,
  Lk = Lq,
  dtype: DType = 'float32',
): Tensor {
  const s = typeof slopes === 'number' ? alibiSlopes(slopes) : slopes;
  if (!Number.isInteger(Lq) || !Number.isInteger(Lk) || Lq < 0 || Lk < 0) {
    throw new ValueError('alibiBias', `lengths must be non-negative integers, got Lq ${Lq}, Lk ${Lk}`);
  }
  const H = s.length;
  const out = allocate(dtype, H * Lq * Lk);
  const offset = Lk - Lq;
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < Lq; i++) {
      const base = (h * Lq + i) * Lk;
      for (let j = 0; j < Lk; j++) out[base + j] = s[h]! * (j - (i + offset));
    }
  }
  return fromArray(out, [H, Lq, Lk]);
}
