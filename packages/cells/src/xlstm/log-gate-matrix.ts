// The log gate matrix of the parallel mLSTM: how much of input j is still in the memory at step t.
//
// Glossary (Beck et al. 2024, xLSTM, §2.3 and appendix "parallel mLSTM"): log f_k the log forget
// gate at step k; ĩ_j the input-gate pre-activation (the input gate is exp(ĩ_j), so log i_j = ĩ_j);
// log D[t, j] = Σ_{k=j+1..t} log f_k + ĩ_j for j ≤ t, −∞ for j > t (causality).
// Reference matched: NX-AI/xlstm `parallel_stabilized_simple` builds the same matrix as
// F[t] − F[j] + ĩ_j from one cumulative sum F of log f. We sum each segment instead (a cumulative
// sum down the columns of a masked copy of log f): F[t] − F[j] cancels catastrophically once F is
// large (long sequences, strongly closed forget gates), costing ~ulp(F) absolute error in float32,
// while the segment sums keep relative accuracy. Same O(L²) cost as the matrix itself.
import { cumsum, type DType, type Tensor, unsqueeze, where, zeros } from '@seqmod/tensor';

/** [L, L] of 1 where keep(t, j), else 0. */
function mask(L: number, dtype: DType, keep: (t: number, j: number) => boolean): Tensor {
  const m = zeros([L, L], { dtype });
  for (let t = 0; t < L; t++) for (let j = 0; j < L; j++) if (keep(t, j)) m.data[t * L + j] = 1;
  return m;
}

/**
 * log D[..., t, j] = Σ_{k=j+1..t} logF[..., k] + logI[..., j] (j ≤ t), −∞ above the diagonal.
 * logF, logI: [..., L] -> log D: [..., L, L]. Differentiable.
 */
export function logGateMatrix(logF: Tensor, logI: Tensor): Tensor {
  const L = logF.shape[logF.ndim - 1]!;
  const dtype = logF.dtype;
  // A[t, j] = log f_t for t > j, else 0; its running sum down each column is the segment sum.
  const below = where(
    mask(L, dtype, (t, j) => t > j),
    unsqueeze(logF, -1),
    0,
  );
  const segment = cumsum(below, -2);
  const withInput = segment.add(unsqueeze(logI, -2));
  return where(
    mask(L, dtype, (t, j) => t >= j),
    withInput,
    Number.NEGATIVE_INFINITY,
  );
}
