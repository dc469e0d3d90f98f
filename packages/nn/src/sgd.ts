// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, in the form
// of torch.optim.SGD (Sutskever et al. 2013 momentum as torch writes it):
//
//   g ← g + λ·θ
//   b ← g                          on the first step (no dampening then, as torch)
//   b ← μ·b + (1 − τ)·g            afterwards                        (momentum_buffer)
//   g ← g + μ·b  (nesterov)   or   g ← b
//   θ ← θ − α·g
//
// This differs from the paper form v ← μv − αg by where α sits, which matters when α changes.
import { type Tensor, ValueError } from '@seqmod/tensor';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput, storageOf } from './optimizer';

export interface SGDSettings {
  /** Learning rate α (default 1e-3, as torch). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** L2 penalty λ (default 0). */
  weightDecay: number;
  /** Nesterov momentum (needs μ > 0 and τ = 0). */
  nesterov: boolean;
}

export class SGD extends Optimizer<SGDSettings> {
  constructor(params: ParamsInput<SGDSettings>, opts: Partial<SGDSettings> = {}) {
    super(params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...opts });
  }

  protected override get name(): string {
    return 'SGD';
  }

  protected override validate(group: SGDSettings): void {
    super.validate(group);
    if (!(group.momentum >= 0)) throw new ValueError('SGD', `momentum must be >= 0, got ${group.momentum}`);
    if (!(group.weightDecay >= 0))
      throw new ValueError('SGD', `weightDecay must be >= 0, got ${group.weightDecay}`);
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new ValueError(
        'SGD',
        `nesterov needs momentum > 0 and dampening = 0, got momentum ${group.momentum}, dampening ${group.dampening}`,
      );
    }
  }

  protected bufferNames(group: ParamGroup<SGDSettings>): string[] {
    return group.momentum !== 0 ? ['momentum_buffer'] : [];
  }

  protected updateParam(
    p: Tensor,
    g: ArrayLike<number>,
    group: ParamGroup<SGDSettings>,
    state: ParamState,
  ): void {
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = group;
    const first = state.step === 0;
    state.step++;
    const theta = storageOf(p);
    const buf = mu !== 0 ? storageOf(state.buffers['momentum_buffer']!) : null;
    for (let i = 0; i < theta.length; i++) {
      let d = wd !== 0 ? g[i]! + wd * theta[i]! : g[i]!;
      if (buf) {
        buf[i] = first ? d : mu * buf[i]! + (1 - dampening) * d;
        d = nesterov ? d + mu * buf[i]! : buf[i]!;
      }
      theta[i] = theta[i]! - lr * d;
    }
  }
}
