// Converting multi-head latent attention weights from the paper's matrices (DeepSeek-V2, eqs.
// 9–19: W_DKV, W_UK, W_UV, W_KR, W_DQ, W_UQ, W_QR, W_O) to the module's DeepSeek (Hugging Face)
// parameter names, which pack several of them into one projection.
import { concat, fmtShape, reshape, ShapeError, type Tensor } from '@seqmod/tensor';

export interface MlaPaperWeights {
  /** [dc, Dm] */
  W_DKV: Tensor;
  /** [H·dh, dc] */
  W_UK: Tensor;
  /** [H·dv, dc] */
  W_UV: Tensor;
  /** [dR, Dm] */
  W_KR: Tensor;
  /** [dcq, Dm]; omit without query compression (then W_UQ, W_QR read h directly) */
  W_DQ?: Tensor;
  /** [H·dh, dcq] */
  W_UQ: Tensor;
  /** [H·dR, dcq] */
  W_QR: Tensor;
  /** [Dm, H·dv] */
  W_O: Tensor;
}

/** Interleaves two per-head row blocks: a [H·ra, c], b [H·rb, c] -> [H·(ra + rb), c], head by head. */
function perHeadRows(a: Tensor, b: Tensor, H: number): Tensor {
  if (
    a.ndim !== 2 ||
    b.ndim !== 2 ||
    a.shape[1] !== b.shape[1] ||
    a.shape[0]! % H !== 0 ||
    b.shape[0]! % H !== 0
  ) {
    throw new ShapeError(
      'mlaStateDictFromPaper',
      `cannot stack ${fmtShape(a.shape)} and ${fmtShape(b.shape)} per head for ${H} heads`,
    );
  }
  const c = a.shape[1]!;
  const joined = concat([reshape(a, [H, a.shape[0]! / H, c]), reshape(b, [H, b.shape[0]! / H, c])], 1);
  return reshape(joined, [-1, c]);
}

/** The paper's matrices -> a state dict for MultiHeadLatentAttention (loadStateDict). */
export function mlaStateDictFromPaper(w: MlaPaperWeights, numHeads: number): Record<string, Tensor> {
  const sd: Record<string, Tensor> = {
    'kv_a_proj_with_mqa.weight': concat([w.W_DKV, w.W_KR], 0),
    'kv_b_proj.weight': perHeadRows(w.W_UK, w.W_UV, numHeads),
    'o_proj.weight': w.W_O,
  };
  const q = perHeadRows(w.W_UQ, w.W_QR, numHeads);
  if (w.W_DQ) {
    sd['q_a_proj.weight'] = w.W_DQ;
    sd['q_b_proj.weight'] = q;
  } else sd['q_proj.weight'] = q;
  return sd;
}
