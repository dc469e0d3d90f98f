// Joining and splitting along an axis: concat, stack, split, chunk.
import { recordOp } from './autograd';
import { allocate, sameDType } from './dtype';
import { fmtShape, ShapeError, ValueError } from './errors';
import { normalizeAxis, sizeOf } from './shape';
import { Tensor } from './tensor';
import { copyInto, slice, unsqueeze } from './views';

/** Joins tensors along an existing axis; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('concat', 'needs at least one tensor');
  const first = tensors[0]!;
  const a = normalizeAxis('concat', axis, first.ndim);
  let total = 0;
  for (const t of tensors) {
    sameDType('concat', first.dtype, t.dtype);
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        'concat',
        `shapes ${fmtShape(first.shape)} and ${fmtShape(t.shape)} differ outside axis ${axis}`,
      );
    }
    total += t.shape[a]!;
  }
  const shape = [...first.shape];
  shape[a] = total;
  const out = new Tensor(allocate(first.dtype, sizeOf(shape)), shape);
  const starts: number[] = [];
  let at = 0;
  for (const t of tensors) {
    starts.push(at);
    if (t.shape[a]! > 0) copyInto(slice(out, a, at, at + t.shape[a]!), t);
    at += t.shape[a]!;
  }
  recordOp('concat', tensors, [out], ([g]) =>
    tensors.map((t, i) => (t.requiresGrad ? slice(g!, a, starts[i]!, starts[i]! + t.shape[a]!) : null)),
  );
  return out;
}

/** Stacks equally shaped tensors along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack', 'needs at least one tensor');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError(
        'stack',
        `all tensors must have one shape; got ${fmtShape(first.shape)} and ${fmtShape(t.shape)}`,
      );
    }
  }
  const a = normalizeAxis('stack', axis, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, a)),
    a,
  );
}

/** Splits along `axis` into pieces of the given sizes, or of `size` each (the last may be smaller). */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis('split', axis, x.ndim);
  const n = x.shape[a]!;
  let parts: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0)
      throw new ValueError('split', `size must be a positive integer, got ${sizes}`);
    parts = [];
    for (let s = 0; s < n; s += sizes) parts.push(Math.min(sizes, n - s));
  } else {
    parts = [...sizes];
    const sum = parts.reduce((p, q) => p + q, 0);
    if (sum !== n || parts.some((p) => !Number.isInteger(p) || p < 0)) {
      throw new ShapeError(
        'split',
        `sizes [${parts.join(', ')}] do not add up to ${n} along axis ${axis} of ${fmtShape(x.shape)}`,
      );
    }
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const p of parts) {
    out.push(slice(x, a, at, at + p));
    at += p;
  }
  return out;
}

/** Splits into `chunks` nearly equal pieces (as torch.chunk). */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new ValueError('chunk', `chunks must be a positive integer, got ${chunks}`);
  const a = normalizeAxis('chunk', axis, x.ndim);
  return split(x, Math.max(1, Math.ceil(x.shape[a]! / chunks)), a);
}
