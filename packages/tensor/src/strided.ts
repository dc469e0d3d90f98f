// Walking strided tensors row by row.
//
// An N-d iteration over a shape with several operands (each with its own strides and offset)
// is reduced to the fewest, longest rows: dimensions of size 1 are dropped and adjacent
// dimensions merge when every operand steps through them as one. Kernels then run a tight loop
// per row, so a contiguous tensor is one row, and the per-row callback cost is amortised.
import type { Shape } from './shape';

export interface Coalesced {
  shape: number[];
  strides: number[][];
}

export function coalesce(shape: Shape, strides: readonly (readonly number[])[]): Coalesced {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    dims.push(shape[d]!);
    strides.forEach((s, k) => st[k]!.push(s[d]!));
  }
  // Merge from the innermost outward: dims i-1 and i merge when stride[i-1] = stride[i]*shape[i].
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = dims.length - 1; d >= 0; d--) {
    const n = dims[d]!;
    const last = outShape.length - 1;
    if (last >= 0 && st.every((s, k) => s[d] === outStrides[k]![0]! * outShape[0]!)) {
      outShape[0]! *= n;
      continue;
    }
    outShape.unshift(n);
    st.forEach((s, k) => outStrides[k]!.unshift(s[d]!));
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(pos, n, steps)` once per innermost row: `pos[k]` is operand k's flat index of the
 * row's first element, `steps[k]` its stride along the row, `n` the row length. `pos` and `steps`
 * are reused between calls: read them, never keep or mutate them.
 */
export function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  row: (pos: number[], n: number, steps: number[]) => void,
): void {
  for (const d of shape) if (d === 0) return;
  const c = coalesce(shape, strides);
  const nd = c.shape.length;
  const m = offsets.length;
  const pos = offsets.slice();
  if (nd === 0) {
    row(pos, 1, new Array<number>(m).fill(0));
    return;
  }
  const n = c.shape[nd - 1]!;
  const steps = c.strides.map((s) => s[nd - 1]!);
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    row(pos, n, steps);
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      for (let k = 0; k < m; k++) pos[k]! += c.strides[k]![d]!;
      if (idx[d]! < c.shape[d]!) break;
      for (let k = 0; k < m; k++) pos[k]! -= c.strides[k]![d]! * c.shape[d]!;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
