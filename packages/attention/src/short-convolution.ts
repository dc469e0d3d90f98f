// Short causal depthwise convolution, the token mixer that H3, Mamba and gated linear attention
// layers put before their q, k, v (kernel 2 to 4): each channel sees its last K inputs.
//
//   y[t, d] = act( Σ_{s<K} w[d, 0, K−1−s] · x[t−s, d] + bias[d] ),   x[t'] = 0 for t' < 0
//
// torch.nn.Conv1d(D, D, K, groups=D, padding=K−1) cut to the first L outputs, then the
// activation (none or SiLU): fla's ShortConvolution, with its parameter names (weight [D, 1, K],
// bias [D]). Built on @seqmod/tensor's conv1dCausalDepthwise.
import { Module } from '@seqmod/nn';
import {
  concat,
  conv1dCausalDepthwise,
  type DType,
  fmtShape,
  Generator,
  ShapeError,
  silu,
  slice,
  type Tensor,
  uniformInit,
  ValueError,
  zeros,
} from '@seqmod/tensor';

export type ShortConvActivation = 'none' | 'silu';

function activate(y: Tensor, activation: ShortConvActivation): Tensor {
  if (activation === 'none') return y;
  if (activation === 'silu') return silu(y);
  throw new ValueError('shortConvolution', `activation must be 'none' or 'silu', got ${String(activation)}`);
}

/** x: [B, L, D], weight: [D, 1, K] or [D, K], bias?: [D] -> y: [B, L, D]. */
export function shortConvolution(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  activation: ShortConvActivation = 'none',
): Tensor {
  return activate(conv1dCausalDepthwise(x, weight, bias), activation);
}

export interface ShortConvolutionOptions {
  /** Default true. */
  bias?: boolean;
  /** Default 'silu' (fla's default). */
  activation?: ShortConvActivation;
  dtype?: DType;
  rng?: Generator;
}

export class ShortConvolution extends Module {
  readonly channels: number;
  readonly kernelSize: number;
  readonly activation: ShortConvActivation;
  private readonly hasBias: boolean;

  constructor(channels: number, kernelSize: number, opts: ShortConvolutionOptions = {}) {
    super();
    if (!Number.isInteger(kernelSize) || kernelSize < 1)
      throw new ValueError('ShortConvolution', `kernelSize must be a positive integer, got ${kernelSize}`);
    this.channels = channels;
    this.kernelSize = kernelSize;
    this.activation = opts.activation ?? 'silu';
    this.hasBias = opts.bias ?? true;
    const rng = opts.rng ?? new Generator('seqmod.attention.short-conv');
    // torch.nn.Conv1d's default init: U(−1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = K for a depthwise kernel.
    const bound = 1 / Math.sqrt(kernelSize);
    this.registerParameter(
      'weight',
      uniformInit([channels, 1, kernelSize], -bound, bound, { rng, dtype: opts.dtype }),
    );
    this.registerParameter(
      'bias',
      this.hasBias ? uniformInit([channels], -bound, bound, { rng, dtype: opts.dtype }) : null,
    );
  }

  private get bias(): Tensor | null {
    return this.hasBias ? this.param('bias') : null;
  }

  /** x: [B, L, D] -> y: [B, L, D]. */
  forward(x: Tensor): Tensor {
    return shortConvolution(x, this.param('weight'), this.bias, this.activation);
  }

  /** The state before any token: the K − 1 previous inputs, zeros [B, K − 1, D]. */
  initialState(batch: number): Tensor {
    return zeros([batch, this.kernelSize - 1, this.channels], { dtype: this.param('weight').dtype });
  }

  /**
   * Continues from `state` (the last K − 1 inputs [B, K − 1, D]; zeros when omitted):
   * x: [B, L, D] -> y: [B, L, D] and the new state. One token at a time gives forward's output.
   */
  forwardWithState(x: Tensor, state?: Tensor): { y: Tensor; state: Tensor } {
    const K = this.kernelSize;
    if (x.ndim !== 3 || x.shape[2] !== this.channels)
      throw new ShapeError(
        'ShortConvolution',
        `x must be [B, L, ${this.channels}], got ${fmtShape(x.shape)}`,
      );
    const B = x.shape[0]!;
    const prev = state ?? this.initialState(B);
    if (
      prev.ndim !== 3 ||
      prev.shape[0] !== B ||
      prev.shape[1] !== K - 1 ||
      prev.shape[2] !== this.channels
    ) {
      throw new ShapeError(
        'ShortConvolution',
        `state must be [${B}, ${K - 1}, ${this.channels}], got ${fmtShape(prev.shape)}`,
      );
    }
    const window = K > 1 ? concat([prev, x], 1) : x;
    const y = slice(this.forward(window), 1, K - 1);
    const total = window.shape[1]!;
    return { y, state: slice(window, 1, total - (K - 1), total) };
  }
}
