// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with the update
// order of torch.optim.Adam (single-tensor path), so the same gradients give the same parameters:
//
//   t ← t + 1
//   g ← g + λ·θ                                   (L2 weight decay, coupled; AdamW decouples it)
//   m ← β₁·m + (1 − β₁)·g                          (exp_avg)
//   v ← β₂·v + (1 − β₂)·g²                         (exp_avg_sq)
//   v̂max ← max(v̂max, v)                             (amsgrad only; max_exp_avg_sq)
//   θ ← θ − (α / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
//
// ε is added after the bias correction of v, as torch does (the paper's ε sits on √v̂ too).
import { type Tensor, ValueError } from '@seqmod/tensor';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput, storageOf } from './optimizer';

export interface AdamSettings {
  /** Learning rate α (default 1e-3). */
  lr: number;
  /** Decay rates (β₁, β₂) of the moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** λ: L2 penalty added to the gradient for Adam (default 0); decoupled decay for AdamW (default 1e-2). */
  weightDecay: number;
  /** Use the running maximum of v (Reddi et al. 2018), as torch's amsgrad=True (default false). */
  amsgrad: boolean;
}

export class Adam extends Optimizer<AdamSettings> {
  /** Whether weight decay shrinks θ directly (AdamW) instead of adding λθ to the gradient. */
  protected get decoupled(): boolean {
    return false;
  }

  constructor(params: ParamsInput<AdamSettings>, opts: Partial<AdamSettings> = {}) {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...opts });
  }

  protected override get name(): string {
    return this.decoupled ? 'AdamW' : 'Adam';
  }

  protected override validate(group: AdamSettings): void {
    super.validate(group);
    const [b1, b2] = group.betas;
    if (!(b1 >= 0 && b1 < 1)) throw new ValueError(this.name, `betas[0] must be in [0, 1), got ${b1}`);
    if (!(b2 >= 0 && b2 < 1)) throw new ValueError(this.name, `betas[1] must be in [0, 1), got ${b2}`);
    if (!(group.eps >= 0)) throw new ValueError(this.name, `eps must be >= 0, got ${group.eps}`);
    if (!(group.weightDecay >= 0))
      throw new ValueError(this.name, `weightDecay must be >= 0, got ${group.weightDecay}`);
  }

  protected bufferNames(group: ParamGroup<AdamSettings>): string[] {
    return group.amsgrad ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq'] : ['exp_avg', 'exp_avg_sq'];
  }

  protected updateParam(
    p: Tensor,
    g: ArrayLike<number>,
    group: ParamGroup<AdamSettings>,
    state: ParamState,
  ): void {
    const { lr, eps, weightDecay: wd, amsgrad } = group;
    const [b1, b2] = group.betas;
    const t = ++state.step;
    const theta = storageOf(p);
    const m = storageOf(state.buffers['exp_avg']!);
    const v = storageOf(state.buffers['exp_avg_sq']!);
    const vmax = amsgrad ? storageOf(state.buffers['max_exp_avg_sq']!) : null;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const decay = this.decoupled ? 1 - lr * wd : 1;
    const l2 = this.decoupled ? 0 : wd;
    for (let i = 0; i < theta.length; i++) {
      if (decay !== 1) theta[i] = theta[i]! * decay;
      const gi = l2 !== 0 ? g[i]! + l2 * theta[i]! : g[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * gi;
      v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      let second = v[i]!;
      if (vmax) {
        if (second > vmax[i]!) vmax[i] = second;
        second = vmax[i]!;
      }
      theta[i] = theta[i]! - (stepSize * m[i]!) / (Math.sqrt(second) / bc2Sqrt + eps);
    }
  }
}
