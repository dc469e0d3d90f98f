// Orthogonal matrices by Householder QR of a Gaussian matrix, with R's diagonal signs folded
// into Q so the result is Haar-distributed (Mezzadri 2007) — what torch.nn.init.orthogonal_ does.
import { allocate } from './dtype';
import { ShapeError } from './errors';
import type { Generator, RandomOptions } from './random';
import { Tensor } from './tensor';

export function orthogonalMatrix(
  shape: readonly number[],
  rng: Generator,
  gain: number,
  opts: RandomOptions,
): Tensor {
  if (shape.length < 2)
    throw new ShapeError('orthogonal', `needs at least 2 dimensions, got [${shape.join(', ')}]`);
  const rows = shape[0]!;
  const cols = shape.slice(1).reduce((a, b) => a * b, 1);
  // QR of the tall orientation: m >= n.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n); // column-major m×n
  for (let i = 0; i < a.length; i++) a[i] = rng.randn();
  const q = householderQ(a, m, n);
  const out = allocate(opts.dtype ?? 'float32', rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Q is m×n with orthonormal columns; use Q (rows >= cols) or Qᵀ (rows < cols).
      out[r * cols + c] = gain * (rows >= cols ? q[c * m + r]! : q[r * m + c]!);
    }
  }
  return new Tensor(out, shape, undefined, 0, opts.requiresGrad ?? false);
}

/** The m×n Q (column-major) of A = QR with diag(R) > 0. `a` is overwritten. */
function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += a[k * m + i]! ** 2;
    norm = Math.sqrt(norm);
    const x0 = a[k * m + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = k; i < m; i++) v[i] = a[k * m + i]!;
    v[k] = x0 - alpha;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i]! ** 2;
    if (vn > 0) {
      for (let j = k; j < n; j++) {
        let d = 0;
        for (let i = k; i < m; i++) d += v[i]! * a[j * m + i]!;
        const f = (2 * d) / vn;
        for (let i = k; i < m; i++) a[j * m + i]! -= f * v[i]!;
      }
    }
    vs.push(v);
    signs[k] = a[k * m + k]! >= 0 ? 1 : -1; // sign of R[k, k]
  }
  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k]!;
    let vn = 0;
    for (let i = k; i < m; i++) vn += v[i]! ** 2;
    if (vn === 0) continue;
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let i = k; i < m; i++) d += v[i]! * q[j * m + i]!;
      const f = (2 * d) / vn;
      for (let i = k; i < m; i++) q[j * m + i]! -= f * v[i]!;
    }
  }
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) q[j * m + i]! *= signs[j]!;
  return q;
}
