// How a loss folds its per-element values: torch's reduction argument.
import { ValueError } from '@seqmod/tensor';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(op: string, r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none')
    throw new ValueError(op, `reduction must be 'mean', 'sum' or 'none', got '${r}'`);
  return r;
}
