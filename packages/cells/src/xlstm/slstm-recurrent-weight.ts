// The sLSTM's recurrent weights R: a full matrix, or block-diagonal over heads.
//
// Glossary (Beck et al. 2024, xLSTM, §2.2 "sLSTM"): R_i, R_f, R_z, R_o map y_{t−1} into the four
// gate pre-activations; with NH heads of size DH = H/NH, R is block-diagonal, so memory mixes only
// inside a head ("new memory mixing").
//
// Two layouts (the raw gate vector is always gate-major: [i | f | z | o], each of H):
// - full      [4H, H]           raw_rec = R y (the `slstm` fixture's R; one head)
// - headwise  [NH, DH, 4, DH]   raw_rec[g·H + h·DH + o] = Σ_j y[h·DH + j] · R[h, j, g, o]
//   (the reference's external `recurrent_kernel` layout: head, input unit, gate, output unit).
// Reference matched: NX-AI/xlstm vanilla `slstm_forward` (Ry per head, reshaped gate-major).
import { einsum, fmtShape, matmul, reshape, ShapeError, type Tensor, transpose, zeros } from '@seqmod/tensor';

/** Validates R against the hidden size H; returns its layout. */
export function recurrentWeightLayout(op: string, R: Tensor, H: number): 'full' | 'headwise' {
  if (R.ndim === 2 && R.shape[0] === 4 * H && R.shape[1] === H) return 'full';
  if (R.ndim === 4 && R.shape[2] === 4 && R.shape[1] === R.shape[3] && R.shape[0]! * R.shape[1]! === H)
    return 'headwise';
  throw new ShapeError(
    op,
    `R must be [${4 * H}, ${H}] (full) or [NH, DH, 4, DH] with NH·DH = ${H} (headwise), got ${fmtShape(R.shape)}`,
  );
}

/** The recurrent part of the gate pre-activations. y: [B, H], R -> [B, 4H] (gate-major). */
export function recurrentGates(y: Tensor, R: Tensor): Tensor {
  const [B, H] = y.shape as [number, number];
  if (recurrentWeightLayout('recurrentGates', R, H) === 'full') return matmul(y, transpose(R));
  const NH = R.shape[0]!;
  const DH = R.shape[1]!;
  const perHead = einsum('bhj,hjgo->bgho', reshape(y, [B, NH, DH]), R); // [B, 4, NH, DH]
  return reshape(perHead, [B, 4 * H]);
}

/** The full [4H, H] matrix equal to a headwise R (zeros between heads). R: [NH, DH, 4, DH] -> [4H, H]. */
export function headwiseRecurrentToFull(R: Tensor): Tensor {
  if (R.ndim !== 4 || R.shape[2] !== 4 || R.shape[1] !== R.shape[3]) {
    throw new ShapeError('headwiseRecurrentToFull', `R must be [NH, DH, 4, DH], got ${fmtShape(R.shape)}`);
  }
  const [NH, DH] = R.shape as [number, number];
  const H = NH * DH;
  const full = zeros([4 * H, H], { dtype: R.dtype });
  const src = R.contiguous();
  for (let h = 0; h < NH; h++)
    for (let j = 0; j < DH; j++)
      for (let g = 0; g < 4; g++)
        for (let o = 0; o < DH; o++) {
          full.data[(g * H + h * DH + o) * H + h * DH + j] =
            src.data[src.offset + ((h * DH + j) * 4 + g) * DH + o]!;
        }
  return full;
}
