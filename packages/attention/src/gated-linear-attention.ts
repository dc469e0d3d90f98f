// Gated linear attention (Yang et al. 2024, "Gated Linear Attention Transformers with
// Hardware-Efficient Training"): linear attention whose state decays with a data-dependent,
// per-key-channel gate.
//
// Glossary (per batch and head)
//   q_t, k_t [dk], v_t [dv]   queries, keys, values;  s  scale (default dk^(−1/2))
//   g_t [dk]                  log decay, g_t ≤ 0 (e.g. logsigmoid(·)/16 in the GLA layer)
//   S_t [dk, dv]              S_t = exp(g_t)[:, None] ⊙ S_{t−1} + k_t v_tᵀ,   S_{−1} = S_init (0)
//   o_t                       (s·q_t)ᵀ S_t
// Chunkwise form, chunk of C tokens starting after state S:
//   b_t = Σ_{u ≤ t in chunk} g_u        cumulative log decay (≤ 0, non-increasing)
//   o_t = (s q_t ⊙ e^{b_t})ᵀ S + Σ_{u ≤ t} [Σ_c s q_tc k_uc e^{b_tc − b_uc}] v_u
//   S'  = e^{b_C}[:, None] ⊙ S + Σ_u (k_u ⊙ e^{b_C − b_u}) v_uᵀ
// Every exponent above is ≤ 0 (b_t − b_u ≤ 0 for u ≤ t): nothing is divided by a decay, so long
// chunks with strong decay cannot overflow. (The shortcut (q ⊙ e^{b})(k ⊙ e^{−b})ᵀ would divide by
// e^{b_u}, which underflows; fla avoids it with secondary chunking, we pay an O(C²·dk) product.)
// Matches fla's naive_recurrent_gla (recurrent) and the chunk form of the paper.
import {
  add,
  allocate,
  concat,
  cumsum,
  exp,
  fmtShape,
  fromArray,
  matmul,
  mul,
  ShapeError,
  slice,
  sub,
  sum,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
  where,
  zeros,
} from '@seqmod/tensor';

export type GlaMode = 'recurrent' | 'chunkwise';

export interface GlaOptions {
  /** Query scale (default dk^(−1/2)). */
  scale?: number;
  /** Default 'chunkwise'. */
  mode?: GlaMode;
  /** Tokens per chunk of the chunkwise form (default 32). */
  chunkSize?: number;
  /** S before the first token [B, H, dk, dv] (default zeros). */
  initialState?: Tensor;
}

export interface GlaResult {
  /** [B, H, L, dv] */
  out: Tensor;
  /** S after the last token [B, H, dk, dv] */
  finalState: Tensor;
}

function recurrent(q: Tensor, k: Tensor, v: Tensor, g: Tensor, S: Tensor, scale: number): GlaResult {
  const L = q.shape[2]!;
  const outs: Tensor[] = [];
  for (let t = 0; t < L; t++) {
    const at = (x: Tensor) => slice(x, 2, t, t + 1);
    S = add(mul(transpose(exp(at(g))), S), matmul(transpose(at(k)), at(v)));
    outs.push(matmul(mul(at(q), scale), S));
  }
  return { out: concat(outs, 2), finalState: S };
}

/** 1 where u ≤ t, as [C, C, 1] so that it broadcasts over the key channels. */
function lowerTriangle(C: number, dtype: 'float32' | 'float64'): Tensor {
  const m = allocate(dtype, C * C);
  for (let t = 0; t < C; t++) for (let u = 0; u <= t; u++) m[t * C + u] = 1;
  return fromArray(m, [C, C, 1]);
}

function chunkwise(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  g: Tensor,
  S: Tensor,
  scale: number,
  C: number,
): GlaResult {
  const L = q.shape[2]!;
  const outs: Tensor[] = [];
  for (let t0 = 0; t0 < L; t0 += C) {
    const t1 = Math.min(L, t0 + C);
    const c = t1 - t0;
    const [qc, kc, vc, gc] = [q, k, v, g].map((x) => slice(x, 2, t0, t1)) as [Tensor, Tensor, Tensor, Tensor];
    const b = cumsum(gc, 2); // [B, H, c, dk]
    const qs = mul(qc, scale);
    const inter = matmul(mul(qs, exp(b)), S);
    // diff[t, u, :] = b_t − b_u, kept for u ≤ t (≤ 0 there) and −∞ elsewhere before the exponential.
    const diff = sub(unsqueeze(b, 3), unsqueeze(b, 2)); // [B, H, c, c, dk]
    const decay = exp(where(lowerTriangle(c, q.dtype), diff, Number.NEGATIVE_INFINITY));
    const A = sum(mul(mul(unsqueeze(qs, 3), unsqueeze(kc, 2)), decay), -1); // [B, H, c, c]
    outs.push(add(inter, matmul(A, vc)));
    const bLast = slice(b, 2, c - 1, c); // [B, H, 1, dk]
    S = add(mul(transpose(exp(bLast)), S), matmul(transpose(mul(kc, exp(sub(bLast, b)))), vc));
  }
  return { out: concat(outs, 2), finalState: S };
}

/**
 * Gated linear attention. q, k, gk: [B, H, L, dk], v: [B, H, L, dv] -> out [B, H, L, dv],
 * finalState [B, H, dk, dv]. gk is the log decay (≤ 0).
 */
export function gatedLinearAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  gk: Tensor,
  opts: GlaOptions = {},
): GlaResult {
  const op = 'gatedLinearAttention';
  if (q.ndim !== 4) throw new ShapeError(op, `q must be [B, H, L, dk], got ${fmtShape(q.shape)}`);
  const [B, H, L, dk] = q.shape as [number, number, number, number];
  const same = (t: Tensor) => t.ndim === 4 && t.shape[0] === B && t.shape[1] === H && t.shape[2] === L;
  if (!same(k) || !same(gk) || !same(v) || k.shape[3] !== dk || gk.shape[3] !== dk) {
    throw new ShapeError(
      op,
      `q ${fmtShape(q.shape)}, k ${fmtShape(k.shape)}, gk ${fmtShape(gk.shape)} must agree and v ${fmtShape(v.shape)} must be [${B}, ${H}, ${L}, dv]`,
    );
  }
  const dv = v.shape[3]!;
  const scale = opts.scale ?? dk ** -0.5;
  const C = opts.chunkSize ?? 32;
  if (!Number.isInteger(C) || C <= 0)
    throw new ValueError(op, `chunkSize must be a positive integer, got ${C}`);
  const S0 = opts.initialState ?? zeros([B, H, dk, dv], { dtype: q.dtype });
  if (S0.ndim !== 4 || S0.shape[0] !== B || S0.shape[1] !== H || S0.shape[2] !== dk || S0.shape[3] !== dv) {
    throw new ShapeError(op, `initialState must be [${B}, ${H}, ${dk}, ${dv}], got ${fmtShape(S0.shape)}`);
  }
  const mode = opts.mode ?? 'chunkwise';
  if (mode === 'recurrent') return recurrent(q, k, v, gk, S0, scale);
  if (mode === 'chunkwise') return chunkwise(q, k, v, gk, S0, scale, C);
  throw new ValueError(op, `mode must be 'recurrent' or 'chunkwise', got ${String(mode)}`);
}
