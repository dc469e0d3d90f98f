// Backward pass of tiled attention (FlashAttention-2, Dao 2023, Algorithm 2): the probabilities
// are recomputed tile by tile from the saved log-sum-exp, never stored.
//
// Glossary (one head; rows i, keys j)
//   P_ij  = exp(S_ij − lse_i)               recomputed probability (0 where hidden)
//   Z_ij                                     dropout multiplier (0 or 1/(1 − p); 1 without dropout)
//   dO                                       gradient of the output
//   D_i   = Σ_c dO_ic · O_ic                 = Σ_j P_ij Z_ij (dO_i · v_j), computed once from O
//   dV_j += Σ_i P_ij Z_ij dO_i
//   dS_ij = P_ij (Z_ij (dO_i · v_j) − D_i)   gradient of the logits
//   dQ_i += scale · Σ_j dS_ij k_j,   dK_j += scale · Σ_i dS_ij q_i
// With grouped heads, dK and dV of a shared key/value head sum over its query heads.
import { allocate, gemmFor, type TypedArray } from '@seqmod/tensor';
import { dropoutRowKey, dropoutUniform } from './attention-dropout';
import { scaledQueryTile, type TileProblem, tileCoverage, tileLogits } from './tile-kernel';

export interface BackwardResult {
  dq: TypedArray;
  dk: TypedArray;
  dv: TypedArray;
}

/** out, lse: from tiledForward; dout: contiguous [B, H, Lq, dv] starting at doutOffset. */
export function tiledBackward(
  pr: TileProblem,
  out: TypedArray,
  lse: Float64Array,
  dout: TypedArray,
  doutOffset: number,
): BackwardResult {
  const { B, H, Hkv, Lq, Lk, d, dv, blockQ, blockK, dropout, scale } = pr;
  const dtype = pr.q instanceof Float64Array ? 'float64' : 'float32';
  const group = H / Hkv;
  const gemm = gemmFor(pr.q);
  const dq = allocate(dtype, B * H * Lq * d);
  const dk = allocate(dtype, B * Hkv * Lk * d);
  const dvOut = allocate(dtype, B * Hkv * Lk * dv);
  const br = Math.min(blockQ, Lq);
  const bc = Math.min(blockK, Lk);
  const qs = allocate(dtype, br * d);
  const p = allocate(dtype, br * bc);
  const pz = dropout ? allocate(dtype, br * bc) : p;
  const ds = allocate(dtype, br * bc);
  // D_i = dO_i · O_i, one number per row: O(L) like the output itself.
  const D = new Float64Array(B * H * Lq);
  for (let row = 0; row < D.length; row++) {
    let t = 0;
    for (let c = 0; c < dv; c++) t += dout[doutOffset + row * dv + c]! * out[row * dv + c]!;
    D[row] = t;
  }
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
        for (let j0 = 0; j0 < Lk; j0 += bc) {
          const cols = Math.min(bc, Lk - j0);
          const cov = tileCoverage(pr, i0 + offset, i0 + rows + offset, j0, j0 + cols);
          if (cov === 'empty') continue;
          tileLogits(pr, gemm, h, kBase, qs, i0, rows, j0, cols, cov, p);
          for (let r = 0; r < rows; r++) {
            const lr = lse[rowBase + i0 + r]!;
            const at = r * cols;
            if (lr === Number.NEGATIVE_INFINITY) {
              p.fill(0, at, at + cols);
              if (dropout) pz.fill(0, at, at + cols);
              continue;
            }
            for (let c = 0; c < cols; c++) p[at + c] = Math.exp(p[at + c]! - lr);
            if (dropout) {
              const rk = dropoutRowKey(dropout.seed, rowBase + i0 + r);
              for (let c = 0; c < cols; c++)
                pz[at + c] = dropoutUniform(rk, j0 + c) >= dropout.p ? p[at + c]! * keepScale : 0;
            }
          }
          // dV_j += (P∘Z)ᵀ dO_i
          gemm(
            cols,
            dv,
            rows,
            pz,
            0,
            1,
            cols,
            dout,
            doutOffset + (rowBase + i0) * dv,
            dv,
            1,
            dvOut,
            kvHead * Lk * dv + j0 * dv,
            dv,
            true,
          );
          // dP~ = dO_i v_jᵀ (before the dropout multiplier)
          gemm(
            rows,
            cols,
            dv,
            dout,
            doutOffset + (rowBase + i0) * dv,
            dv,
            1,
            pr.v,
            vBase + j0 * dv,
            1,
            dv,
            ds,
            0,
            cols,
            false,
          );
          for (let r = 0; r < rows; r++) {
            const Di = D[rowBase + i0 + r]!;
            const at = r * cols;
            if (dropout) {
              for (let c = 0; c < cols; c++) {
                const z = pz[at + c] === 0 ? 0 : keepScale; // P > 0 where visible, so pz = 0 only when dropped or hidden
                ds[at + c] = p[at + c]! * (ds[at + c]! * z - Di) * scale;
              }
            } else for (let c = 0; c < cols; c++) ds[at + c] = p[at + c]! * (ds[at + c]! - Di) * scale;
          }
          // dQ_i += dS k_j;  dK_j += dSᵀ q_i   (scale already folded into dS)
          gemm(rows, d, cols, ds, 0, cols, 1, pr.k, kBase + j0 * d, d, 1, dq, (rowBase + i0) * d, d, true);
          gemm(
            cols,
            d,
            rows,
            ds,
            0,
            1,
            cols,
            pr.q,
            qBase + i0 * d,
            d,
            1,
            dk,
            kvHead * Lk * d + j0 * d,
            d,
            true,
          );
        }
      }
    }
  }
  return { dq, dk, dv: dvOut };
}
