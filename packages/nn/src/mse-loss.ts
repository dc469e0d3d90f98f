// Mean squared error, as torch.nn.functional.mse_loss: (input − target)², reduced.
import { fmtShape, ShapeError, type Tensor } from '@seqmod/tensor';
import { checkReduction, type Reduction } from './reduction';

/**
 * input: [...], target: same shape -> [] ('mean' default, 'sum') or [...] ('none').
 * Differentiable in both. Shapes must match exactly (torch only warns when they broadcast, which
 * usually hides a bug such as [N] against [N, 1]).
 */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}): Tensor {
  const reduction = checkReduction('mseLoss', opts.reduction ?? 'mean');
  if (input.ndim !== target.ndim || input.shape.some((d, i) => d !== target.shape[i])) {
    throw new ShapeError(
      'mseLoss',
      `input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} must have the same shape`,
    );
  }
  const sq = input.sub(target).square();
  return reduction === 'none' ? sq : reduction === 'sum' ? sq.sum() : sq.mean();
}
