// Linear attention (Katharopoulos et al. 2020, "Transformers are RNNs: Fast Autoregressive
// Transformers with Linear Attention") in its three equal forms.
//
// Glossary (per batch and head)
//   φ            feature map (feature-maps.ts, favor.ts): q, k [L, d] -> φ(q), φ(k) [L, m]
//   S_i          Σ_{j≤i} φ(k_j) v_jᵀ  [m, dv]   the recurrent state (all j when not causal)
//   z_i          Σ_{j≤i} φ(k_j)       [m]       its normaliser
//   out_i        φ(q_i)ᵀ S_i / (φ(q_i)ᵀ z_i + eps)
// Forms
//   'parallel'   causal: A = (φ(Q) φ(K)ᵀ) ⊙ tril, out = A V / (A 1 + eps) — O(L²), like softmax
//                attention without the softmax; non-causal: S = φ(K)ᵀ V once — O(L)
//   'recurrent'  S_t = S_{t−1} + φ(k_t) v_tᵀ, z_t = z_{t−1} + φ(k_t), token by token: O(1) state,
//                the form used for decoding
//   'chunkwise'  chunks of C tokens: parallel inside a chunk, the state carried between chunks —
//                O(L·C) work in matrix products (default)
// Matches the formula of the fixtures (torch, float64): eps is added to the denominator.
import {
  add,
  allocate,
  concat,
  div,
  fmtShape,
  fromArray,
  matmul,
  mul,
  reshape,
  ShapeError,
  slice,
  sum,
  type Tensor,
  transpose,
  ValueError,
  zeros,
} from '@seqmod/tensor';
import { type FeatureMapFn, type FeatureMapName, resolveFeatureMap } from './feature-maps';

export type LinearAttentionMode = 'parallel' | 'recurrent' | 'chunkwise';

/** The recurrent state of linear attention after some tokens. */
export interface LinearAttentionState {
  /** Σ φ(k_j) v_jᵀ: [B, H, m, dv] */
  S: Tensor;
  /** Σ φ(k_j): [B, H, m] */
  z: Tensor;
}

export interface LinearAttentionOptions {
  /** φ (default 'elu1'). */
  featureMap?: FeatureMapName | FeatureMapFn;
  /** Query i sees keys j ≤ i (default false). */
  causal?: boolean;
  /** Added to the denominator (default 1e-6). */
  eps?: number;
  /** Default 'chunkwise'. */
  mode?: LinearAttentionMode;
  /** Tokens per chunk of the chunkwise form (default 64). */
  chunkSize?: number;
  /** State of the tokens before this call (decoding continues from it). */
  initialState?: LinearAttentionState;
}

/** Internal state: S [B, H, m, dv], zRow [B, H, 1, m]. */
interface Carried {
  S: Tensor;
  zRow: Tensor;
}

function tril(n: number, dtype: 'float32' | 'float64'): Tensor {
  const t = allocate(dtype, n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) t[i * n + j] = 1;
  return fromArray(t, [n, n]);
}

/** φ(q)ᵀ·(numerator) / (φ(q)ᵀ z + eps) with the state's contribution added. */
function readOut(fq: Tensor, st: Carried, eps: number, extraNum?: Tensor, extraDen?: Tensor): Tensor {
  let num = matmul(fq, st.S);
  let den = matmul(fq, transpose(st.zRow));
  if (extraNum) num = add(num, extraNum);
  if (extraDen) den = add(den, extraDen);
  return div(num, add(den, eps));
}

function absorb(st: Carried, fk: Tensor, v: Tensor): Carried {
  return { S: add(st.S, matmul(transpose(fk), v)), zRow: add(st.zRow, sum(fk, 2, true)) };
}

function causalParallel(fq: Tensor, fk: Tensor, v: Tensor, st: Carried, eps: number): Tensor {
  const A = mul(matmul(fq, transpose(fk)), tril(fq.shape[2]!, fq.dtype));
  return readOut(fq, st, eps, matmul(A, v), sum(A, -1, true));
}

function causalRecurrent(
  fq: Tensor,
  fk: Tensor,
  v: Tensor,
  st: Carried,
  eps: number,
): { out: Tensor; st: Carried } {
  const outs: Tensor[] = [];
  const L = fq.shape[2]!;
  for (let t = 0; t < L; t++) {
    st = absorb(st, slice(fk, 2, t, t + 1), slice(v, 2, t, t + 1));
    outs.push(readOut(slice(fq, 2, t, t + 1), st, eps));
  }
  return { out: concat(outs, 2), st };
}

function causalChunkwise(
  fq: Tensor,
  fk: Tensor,
  v: Tensor,
  st: Carried,
  eps: number,
  C: number,
): { out: Tensor; st: Carried } {
  const outs: Tensor[] = [];
  const L = fq.shape[2]!;
  for (let t0 = 0; t0 < L; t0 += C) {
    const t1 = Math.min(L, t0 + C);
    const [q, k, vc] = [fq, fk, v].map((x) => slice(x, 2, t0, t1)) as [Tensor, Tensor, Tensor];
    outs.push(causalParallel(q, k, vc, st, eps));
    st = absorb(st, k, vc);
  }
  return { out: concat(outs, 2), st };
}

/** Linear attention returning the final state. q, k: [B, H, L, d], v: [B, H, L, dv] -> out [B, H, L, dv], state. */
export function linearAttentionWithState(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  opts: LinearAttentionOptions = {},
): { out: Tensor; state: LinearAttentionState } {
  const op = 'linearAttention';
  if (q.ndim !== 4 || k.ndim !== 4 || v.ndim !== 4) {
    throw new ShapeError(
      op,
      `q, k, v must be [B, H, L, d], got ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`,
    );
  }
  const [B, H, Lq] = q.shape as [number, number, number];
  const Lk = k.shape[2]!;
  if (
    k.shape[0] !== B ||
    v.shape[0] !== B ||
    k.shape[1] !== H ||
    v.shape[1] !== H ||
    v.shape[2] !== Lk ||
    k.shape[3] !== q.shape[3]
  ) {
    throw new ShapeError(
      op,
      `q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)} do not fit together`,
    );
  }
  const causal = opts.causal ?? false;
  if (causal && Lq !== Lk)
    throw new ShapeError(op, `causal linear attention needs as many queries as keys, got ${Lq} and ${Lk}`);
  const eps = opts.eps ?? 1e-6;
  const mode = opts.mode ?? 'chunkwise';
  const C = opts.chunkSize ?? 64;
  if (!Number.isInteger(C) || C <= 0)
    throw new ValueError(op, `chunkSize must be a positive integer, got ${C}`);
  const phi = resolveFeatureMap(opts.featureMap);
  const fq = phi(q);
  const fk = phi(k);
  const m = fq.shape[3]!;
  const dv = v.shape[3]!;
  let st: Carried;
  if (opts.initialState) {
    const { S, z } = opts.initialState;
    if (S.ndim !== 4 || S.shape[0] !== B || S.shape[1] !== H || S.shape[2] !== m || S.shape[3] !== dv) {
      throw new ShapeError(op, `initialState.S must be [${B}, ${H}, ${m}, ${dv}], got ${fmtShape(S.shape)}`);
    }
    if (z.ndim !== 3 || z.shape[0] !== B || z.shape[1] !== H || z.shape[2] !== m) {
      throw new ShapeError(op, `initialState.z must be [${B}, ${H}, ${m}], got ${fmtShape(z.shape)}`);
    }
    st = { S, zRow: reshape(z, [B, H, 1, m]) };
  } else st = { S: zeros([B, H, m, dv], { dtype: q.dtype }), zRow: zeros([B, H, 1, m], { dtype: q.dtype }) };

  let out: Tensor;
  if (!causal) {
    // Every query sees every key: build the whole state (token by token, by chunks, or at once), then read.
    if (mode === 'recurrent')
      for (let t = 0; t < Lk; t++) st = absorb(st, slice(fk, 2, t, t + 1), slice(v, 2, t, t + 1));
    else if (mode === 'chunkwise')
      for (let t = 0; t < Lk; t += C) st = absorb(st, slice(fk, 2, t, t + C), slice(v, 2, t, t + C));
    else if (mode === 'parallel') st = absorb(st, fk, v);
    else throw new ValueError(op, `mode must be 'parallel', 'recurrent' or 'chunkwise', got ${String(mode)}`);
    out = readOut(fq, st, eps);
  } else if (mode === 'parallel') {
    out = causalParallel(fq, fk, v, st, eps);
    st = absorb(st, fk, v);
  } else if (mode === 'recurrent') ({ out, st } = causalRecurrent(fq, fk, v, st, eps));
  else if (mode === 'chunkwise') ({ out, st } = causalChunkwise(fq, fk, v, st, eps, C));
  else throw new ValueError(op, `mode must be 'parallel', 'recurrent' or 'chunkwise', got ${String(mode)}`);
  return { out, state: { S: st.S, z: reshape(st.zRow, [B, H, m]) } };
}

/** Linear attention. q, k: [B, H, L, d], v: [B, H, L, dv] -> [B, H, Lq, dv]. */
export function linearAttention(q: Tensor, k: Tensor, v: Tensor, opts: LinearAttentionOptions = {}): Tensor {
  return linearAttentionWithState(q, k, v, opts).out;
}

/** Bytes of a linear-attention state per sequence: H·m·(dv + 1) numbers. */
export function linearStateBytes(state: LinearAttentionState): number {
  const [B] = state.S.shape as [number];
  const bytes = state.S.dtype === 'float64' ? 8 : 4;
  return ((state.S.size + state.z.size) / B) * bytes;
}
