// Which rows of two operands meet in a broadcast op over their leading axes (numpy rules).
import { broadcastShapes } from '@seqmod/tensor';

export interface RowPairs {
  /** The broadcast leading shape. */
  shape: number[];
  /** For output row b (row-major over `shape`): the row of a and the row of b it reads. */
  aRow: Int32Array;
  bRow: Int32Array;
}

/** Pairs the rows of operands with leading shapes `a` and `b`. ShapeError if they do not broadcast. */
export function pairRows(op: string, a: readonly number[], b: readonly number[]): RowPairs {
  const shape = broadcastShapes(op, a, b);
  const count = shape.reduce((p, d) => p * d, 1);
  const aRow = new Int32Array(count);
  const bRow = new Int32Array(count);
  const strideOf = (s: readonly number[]) => {
    // row-major strides of s, aligned right against `shape`, 0 on broadcast axes
    const out = new Array<number>(shape.length).fill(0);
    let step = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      const axis = shape.length - s.length + i;
      out[axis] = s[i] === 1 ? 0 : step;
      step *= s[i];
    }
    return out;
  };
  const sa = strideOf(a);
  const sb = strideOf(b);
  const idx = new Array<number>(shape.length).fill(0);
  for (let r = 0; r < count; r++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < shape.length; d++) {
      ia += idx[d] * sa[d];
      ib += idx[d] * sb[d];
    }
    aRow[r] = ia;
    bRow[r] = ib;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return { shape, aRow, bRow };
}
