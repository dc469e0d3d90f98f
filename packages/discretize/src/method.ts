// The discretisation rules of scipy.signal.cont2discrete that state-space models use, and their
// place in the generalised bilinear transform (GBT) family.
//
// Glossary: continuous system x' = A x + B u; discrete x_k = Ā x_{k−1} + B̄ u_k; Δ (dt) the step.
//   zoh             zero-order hold: Ā = e^{ΔA}, B̄ = ∫₀^Δ e^{sA} ds B (exact for piecewise-constant u)
//   gbt(α)          Ā = (I − αΔA)⁻¹(I + (1−α)ΔA), B̄ = (I − αΔA)⁻¹ ΔB
//   bilinear        gbt(½), Tustin's rule (the S4 default)
//   euler           gbt(0), forward Euler (scipy 'euler')
//   backward_euler  gbt(1), backward Euler (scipy 'backward_diff')
import { ValueError } from '@seqmod/tensor';

export type DiscretizeMethod = 'zoh' | 'bilinear' | 'euler' | 'backward_euler' | 'gbt';

export const DISCRETIZE_METHODS: readonly DiscretizeMethod[] = [
  'zoh',
  'bilinear',
  'euler',
  'backward_euler',
  'gbt',
];

export interface MethodOptions {
  /** The rule; default 'zoh' for dense systems, 'zoh' for diagonal ones too. */
  method?: DiscretizeMethod;
  /** α of the generalised bilinear transform; required for 'gbt', ignored otherwise. */
  alpha?: number;
}

/**
 * The GBT α of a method, or null for ZOH. Throws ValueError for an unknown method, or for 'gbt'
 * without a finite α in [0, 1] (scipy.signal.cont2discrete accepts the same range).
 */
export function gbtAlpha(op: string, method: DiscretizeMethod, alpha?: number): number | null {
  switch (method) {
    case 'zoh':
      return null;
    case 'bilinear':
      return 0.5;
    case 'euler':
      return 0;
    case 'backward_euler':
      return 1;
    case 'gbt':
      if (alpha === undefined || !Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
        throw new ValueError(op, `method 'gbt' needs alpha in [0, 1], got ${alpha}`);
      }
      return alpha;
    default:
      throw new ValueError(
        op,
        `unknown method '${String(method)}'; expected one of ${DISCRETIZE_METHODS.join(', ')}`,
      );
  }
}

/** Δ must be a positive finite number. */
export function checkStep(op: string, dt: number): void {
  if (typeof dt !== 'number' || !Number.isFinite(dt) || dt <= 0) {
    throw new ValueError(op, `dt must be a positive finite number, got ${dt}`);
  }
}
