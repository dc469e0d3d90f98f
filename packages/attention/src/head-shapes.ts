// Shape checks shared by the head-level attention functions.
//
// Head-level functions take q: [B, H, Lq, d], k: [B, Hkv, Lk, d], v: [B, Hkv, Lk, dv]. Hkv may be
// smaller than H (multi-query and grouped-query attention): query head h reads key/value head
// h // (H / Hkv), so Hkv must divide H.
import { DTypeError, fmtShape, ShapeError, type Tensor } from '@seqmod/tensor';

export interface HeadDims {
  B: number;
  /** query heads */
  H: number;
  /** key/value heads (H for plain multi-head attention) */
  Hkv: number;
  Lq: number;
  Lk: number;
  /** query/key width */
  d: number;
  /** value width */
  dv: number;
  /** query heads per key/value head, H / Hkv */
  group: number;
}

/** Validates q, k, v of one attention call and returns their dimensions. */
export function checkHeads(op: string, q: Tensor, k: Tensor, v: Tensor): HeadDims {
  for (const [name, t] of [
    ['q', q],
    ['k', k],
    ['v', v],
  ] as const) {
    if (t.ndim !== 4) throw new ShapeError(op, `${name} must be [B, H, L, d], got ${fmtShape(t.shape)}`);
  }
  if (k.dtype !== q.dtype || v.dtype !== q.dtype) {
    throw new DTypeError(op, `q, k, v must share a dtype, got ${q.dtype}, ${k.dtype}, ${v.dtype}`);
  }
  const [B, H, Lq, d] = q.shape as [number, number, number, number];
  const [Bk, Hkv, Lk, dk] = k.shape as [number, number, number, number];
  const [Bv, Hv, Lv, dv] = v.shape as [number, number, number, number];
  if (Bk !== B || Bv !== B)
    throw new ShapeError(
      op,
      `batch sizes differ: q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)}`,
    );
  if (dk !== d)
    throw new ShapeError(op, `q and k widths differ: q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}`);
  if (Hv !== Hkv || Lv !== Lk)
    throw new ShapeError(
      op,
      `k ${fmtShape(k.shape)} and v ${fmtShape(v.shape)} must agree on heads and length`,
    );
  if (Hkv === 0 || H % Hkv !== 0) {
    throw new ShapeError(
      op,
      `key/value heads (${Hkv}) must divide query heads (${H}): q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}`,
    );
  }
  return { B, H, Hkv, Lq, Lk, d, dv, group: H / Hkv };
}
