// Forward pass of tiled attention with an online softmax (Dao et al. 2022, "FlashAttention";
// the loop order and the deferred normalisation of FlashAttention-2, Dao 2023).
//
// Glossary (per query row r of a tile)
//   S_rj    logit of key j (see tile-kernel.ts)
//   m_r     running maximum of the logits seen so far
//   l_r     running Σ_j exp(S_rj − m_r)
//   acc_r   running Σ_j exp(S_rj − m_r) · Z_rj · v_j  (Z: dropout multiplier, 1 without dropout)
//   lse_r   m_r + log l_r, saved for the backward pass; −∞ for a row that sees no key
// When a new tile raises the maximum to m', the old sums are rescaled by exp(m_r − m'). After the
// last tile, out_r = acc_r / l_r. Only tiles of blockQ × blockK logits exist at any time, so the
// extra memory is O(blockQ·blockK + blockQ·(d + dv)), independent of the sequence length.
import { allocate, gemmFor, type TypedArray } from '@seqmod/tensor';
import { dropoutRowKey, dropoutUniform } from './attention-dropout';
import { scaledQueryTile, type TiledStats, type TileProblem, tileCoverage, tileLogits } from './tile-kernel';

export interface ForwardResult {
  /** [B, H, Lq, dv] */
  out: TypedArray;
  /** [B, H, Lq] log-sum-exp of each row's logits (−∞ for rows that see nothing) */
  lse: Float64Array;
}

export function tiledForward(pr: TileProblem, stats?: TiledStats): ForwardResult {
  const { B, H, Hkv, Lq, Lk, d, dv, blockQ, blockK, dropout } = pr;
  const group = H / Hkv;
  const gemm = gemmFor(pr.q);
  const out = allocate(pr.q instanceof Float64Array ? 'float64' : 'float32', B * H * Lq * dv);
  const lse = new Float64Array(B * H * Lq);
  const br = Math.min(blockQ, Lq);
  const bc = Math.min(blockK, Lk);
  const qs = allocate(pr.q instanceof Float64Array ? 'float64' : 'float32', br * d);
  const s = allocate(pr.q instanceof Float64Array ? 'float64' : 'float32', br * bc);
  const acc = allocate(pr.q instanceof Float64Array ? 'float64' : 'float32', br * dv);
  const m = new Float64Array(br);
  const l = new Float64Array(br);
  if (stats) stats.scratchElements = qs.length + s.length + acc.length + m.length + l.length;
  const offset = Lk - Lq;
  const keepScale = dropout ? 1 / (1 - dropout.p) : 1;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const kvHead = b * Hkv + Math.floor(h / group);
      const qBase = pr.qOffset + (b * H + h) * Lq * d;
      const kBase = pr.kOffset + kvHead * Lk * d;
      const vBase = pr.vOffset + kvHead * Lk * dv;
      const rowBase = (b * H + h) * Lq;
      for (let i0 = 0; i0 < Lq; i0 += br) {
        const rows = Math.min(br, Lq - i0);
        scaledQueryTile(pr, qBase, i0, rows, qs);
        m.fill(Number.NEGATIVE_INFINITY);
        l.fill(0);
        acc.fill(0);
        for (let j0 = 0; j0 < Lk; j0 += bc) {
          const cols = Math.min(bc, Lk - j0);
          const cov = tileCoverage(pr, i0 + offset, i0 + rows + offset, j0, j0 + cols);
          if (cov === 'empty') {
            if (stats) stats.tilesSkipped++;
            continue;
          }
          if (stats) stats.tilesComputed++;
          tileLogits(pr, gemm, h, kBase, qs, i0, rows, j0, cols, cov, s);
          for (let r = 0; r < rows; r++) {
            const at = r * cols;
            let mx = m[r]!;
            for (let c = 0; c < cols; c++) if (s[at + c]! > mx) mx = s[at + c]!;
            if (mx === Number.NEGATIVE_INFINITY) {
              // Nothing visible in this row yet: contribute nothing.
              s.fill(0, at, at + cols);
              continue;
            }
            const alpha = Math.exp(m[r]! - mx);
            let sum = 0;
            for (let c = 0; c < cols; c++) {
              const e = Math.exp(s[at + c]! - mx);
              s[at + c] = e;
              sum += e;
            }
            l[r] = l[r]! * alpha + sum;
            m[r] = mx;
            if (alpha !== 1) for (let c = 0; c < dv; c++) acc[r * dv + c]! *= alpha;
            if (dropout) {
              // l keeps the undropped mass: dropout acts on the normalised probabilities.
              const rk = dropoutRowKey(dropout.seed, rowBase + i0 + r);
              for (let c = 0; c < cols; c++)
                s[at + c] = dropoutUniform(rk, j0 + c) >= dropout.p ? s[at + c]! * keepScale : 0;
            }
          }
          gemm(rows, dv, cols, s, 0, cols, 1, pr.v, vBase + j0 * dv, dv, 1, acc, 0, dv, true);
        }
        for (let r = 0; r < rows; r++) {
          const row = rowBase + i0 + r;
          const li = l[r]!;
          const o = row * dv;
          if (li > 0) {
            const inv = 1 / li;
            for (let c = 0; c < dv; c++) out[o + c] = acc[r * dv + c]! * inv;
            lse[row] = m[r]! + Math.log(li);
          } else lse[row] = Number.NEGATIVE_INFINITY; // out stays 0
        }
      }
    }
  }
  return { out, lse };
}
