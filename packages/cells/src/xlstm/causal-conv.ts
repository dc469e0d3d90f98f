// A causal depthwise convolution along time as a module, with a step form for generation.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4: the "causal conv" of width 4 in front of the sLSTM
// gates and the mLSTM's q/k path): y[t, d] = Σ_{s<K} w[d, K−1−s] · x[t−s, d] + bias[d].
// Step state: the last K−1 inputs [B, K−1, D] (zeros at the start).
// Reference matched: NX-AI/xlstm `CausalConv1d` (an nn.Conv1d with groups = D, left padding K−1,
// parameters `conv.weight` [D, 1, K] and `conv.bias` [D]; torch's default init). Its step keeps K
// inputs including the current one; we keep the K−1 before it, which is all the next step needs.
import { Module } from '@seqmod/nn';
import {
  concat,
  conv1dCausalDepthwise,
  type DType,
  fmtShape,
  Generator,
  linearInit,
  mul,
  reshape,
  ShapeError,
  type Tensor,
  transpose,
  unsqueeze,
  ValueError,
  zeros,
} from '@seqmod/tensor';

/** Holds the convolution's parameters under torch.nn.Conv1d's names (weight [D, 1, K], bias [D]). */
class DepthwiseConvWeights extends Module {
  constructor(features: number, kernelSize: number, bias: boolean, dtype: DType, rng: Generator) {
    super();
    // torch.nn.Conv1d's default: U(−1/√fan_in, 1/√fan_in) with fan_in = K for a depthwise kernel.
    const init = linearInit(features, kernelSize, { rng, dtype });
    this.registerParameter('weight', reshape(init.weight, [features, 1, kernelSize]).detach());
    if (bias) this.registerParameter('bias', init.bias);
  }
}

export interface CausalConv1dOptions {
  /** A learnable bias (default true, as the reference). */
  bias?: boolean;
  dtype?: DType;
  rng?: Generator;
}

export class CausalConv1d extends Module {
  readonly features: number;
  readonly kernelSize: number;
  private readonly conv: DepthwiseConvWeights;
  private readonly hasBias: boolean;

  constructor(features: number, kernelSize = 4, opts: CausalConv1dOptions = {}) {
    super();
    if (!Number.isInteger(kernelSize) || kernelSize <= 0) {
      throw new ValueError('CausalConv1d', `kernelSize must be a positive integer, got ${kernelSize}`);
    }
    this.features = features;
    this.kernelSize = kernelSize;
    this.hasBias = opts.bias ?? true;
    this.conv = this.registerModule(
      'conv',
      new DepthwiseConvWeights(
        features,
        kernelSize,
        this.hasBias,
        opts.dtype ?? 'float32',
        opts.rng ?? new Generator(0),
      ),
    );
  }

  private get bias(): Tensor | null {
    return this.hasBias ? this.conv.param('bias') : null;
  }

  /** The state before the first step: zeros [B, K−1, D]. */
  initialState(batch: number, dtype: DType = this.conv.param('weight').dtype): Tensor {
    return zeros([batch, this.kernelSize - 1, this.features], { dtype });
  }

  /** x: [B, L, D] -> y: [B, L, D]; with a state [B, K−1, D], continues from those earlier inputs. */
  forward(x: Tensor, state?: Tensor): Tensor {
    if (!state) return conv1dCausalDepthwise(x, this.conv.param('weight'), this.bias);
    const K1 = this.kernelSize - 1;
    return conv1dCausalDepthwise(concat([state, x], 1), this.conv.param('weight'), this.bias).slice(1, K1);
  }

  /** The state after a whole sequence x: [B, L, D]: its last K−1 inputs, zero-padded in front. */
  stateAfter(x: Tensor, state?: Tensor): Tensor {
    const [B] = x.shape as [number];
    const history = concat([state ?? this.initialState(B, x.dtype), x], 1);
    return history.slice(1, history.shape[1]! - (this.kernelSize - 1));
  }

  /** One step. x: [B, D], state: [B, K−1, D] -> [y: [B, D], state]. */
  step(x: Tensor, state?: Tensor): [Tensor, Tensor] {
    if (x.ndim !== 2 || x.shape[1] !== this.features) {
      throw new ShapeError('CausalConv1d.step', `x must be [B, ${this.features}], got ${fmtShape(x.shape)}`);
    }
    const B = x.shape[0]!;
    const prev = state ?? this.initialState(B, x.dtype);
    if (
      prev.ndim !== 3 ||
      prev.shape[0] !== B ||
      prev.shape[1] !== this.kernelSize - 1 ||
      prev.shape[2] !== this.features
    ) {
      throw new ShapeError(
        'CausalConv1d.step',
        `state must be [${B}, ${this.kernelSize - 1}, ${this.features}], got ${fmtShape(prev.shape)}`,
      );
    }
    const window = concat([prev, unsqueeze(x, 1)], 1); // [B, K, D], oldest first
    const taps = transpose(reshape(this.conv.param('weight'), [this.features, this.kernelSize])); // [K, D]
    let y = mul(window, taps).sum(1);
    const b = this.bias;
    if (b) y = y.add(b);
    return [y, window.slice(1, 1)];
  }
}
