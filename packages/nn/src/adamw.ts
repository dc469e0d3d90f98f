// AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as
// torch.optim.AdamW: before the Adam step, θ ← θ·(1 − α·λ); the gradient itself is not touched,
// so the decay is not rescaled by the adaptive denominator. Default λ = 1e-2, as torch.
import { Adam, type AdamSettings } from './adam';
import type { ParamsInput } from './optimizer';

export class AdamW extends Adam {
  protected override get decoupled(): boolean {
    return true;
  }

  constructor(params: ParamsInput<AdamSettings>, opts: Partial<AdamSettings> = {}) {
    super(params, { weightDecay: 1e-2, ...opts });
  }
}
