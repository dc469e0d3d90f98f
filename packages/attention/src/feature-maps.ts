// Feature maps φ of linear attention (Katharopoulos et al. 2020, "Transformers are RNNs").
//
// Linear attention replaces exp(q·k) by φ(q)·φ(k) with a non-negative φ, so that the sum over
// keys factorises: Σ_j φ(q)ᵀφ(k_j) v_jᵀ = φ(q)ᵀ (Σ_j φ(k_j) v_jᵀ). The paper's map is elu(x) + 1
// (positive everywhere, gradient never zero); relu is the common cheap alternative; Performer's
// FAVOR+ map (favor.ts) approximates the softmax kernel itself.
import { add, elu, relu, type Tensor, ValueError } from '@seqmod/tensor';

/** A feature map: x: [..., d] -> φ(x): [..., m], elementwise non-negative. */
export type FeatureMapFn = (x: Tensor) => Tensor;

export type FeatureMapName = 'elu1' | 'relu';

/** elu(x) + 1. */
export function elu1(x: Tensor): Tensor {
  return add(elu(x), 1);
}

/** The named feature map, or the given function. */
export function resolveFeatureMap(map: FeatureMapName | FeatureMapFn | undefined): FeatureMapFn {
  if (map === undefined || map === 'elu1') return elu1;
  if (map === 'relu') return relu;
  if (typeof map === 'function') return map;
  throw new ValueError(
    'linearAttention',
    `featureMap must be 'elu1', 'relu' or a function, got ${String(map)}`,
  );
}
