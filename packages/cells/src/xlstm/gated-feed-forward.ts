// The gated MLP of the sLSTM block (its post up-projection): y = W_down (gelu(W_g x) ⊙ W_u x).
//
// Glossary (Beck et al. 2024, xLSTM, §2.4: the sLSTM block's "gated MLP" with projection
// factor 4/3): x: [..., D]; proj_up: [2·P, D] stacks W_g over W_u (P = ⌈4/3·D⌉ rounded
// up to a multiple, see projection-size.ts); proj_down: [D, P].
// Reference matched: NX-AI/xlstm `GatedFeedForward` (act_fn "gelu", exact; no biases; small_init
// for proj_up, wang_init for proj_down; dropout after proj_down, p = 0 by default). The
// reference's default factor is 1.3; we default to the paper's 4/3.
import { Dropout, Linear, Module } from '@seqmod/nn';
import { type DType, Generator, gelu, mul, split, type Tensor } from '@seqmod/tensor';
import { upProjectionSize } from './projection-size';
import { fillWith, smallInit, wangInit } from './weight-init';

export interface GatedFeedForwardOptions {
  /** Up-projection factor (default 4/3, the paper's). */
  projFactor?: number;
  /** The inner width is rounded up to a multiple of this (default 64, the reference's). */
  roundUpTo?: number;
  /** Number of blocks in the stack, for wang_init of proj_down (default 1). */
  numBlocks?: number;
  /** Dropout probability on the output (default 0). */
  dropout?: number;
  dtype?: DType;
  rng?: Generator;
}

export class GatedFeedForward extends Module {
  readonly dim: number;
  readonly innerDim: number;
  private readonly projUp: Linear;
  private readonly projDown: Linear;
  private readonly dropout: Dropout;

  constructor(dim: number, opts: GatedFeedForwardOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const rng = opts.rng ?? new Generator(0);
    this.dim = dim;
    this.innerDim = upProjectionSize(dim, opts.projFactor ?? 4 / 3, opts.roundUpTo ?? 64);
    this.projUp = this.registerModule(
      'proj_up',
      new Linear(dim, 2 * this.innerDim, { bias: false, dtype, rng }),
    );
    this.projDown = this.registerModule(
      'proj_down',
      new Linear(this.innerDim, dim, { bias: false, dtype, rng }),
    );
    fillWith(this.projUp.weight, smallInit(this.projUp.weight.shape, dim, rng, dtype));
    fillWith(
      this.projDown.weight,
      wangInit(this.projDown.weight.shape, dim, opts.numBlocks ?? 1, rng, dtype),
    );
    this.dropout = this.registerModule('dropout', new Dropout(opts.dropout ?? 0));
  }

  /** x: [..., D] -> y: [..., D]. */
  forward(x: Tensor): Tensor {
    const [gate, up] = split(this.projUp.forward(x), this.innerDim, -1) as [Tensor, Tensor];
    return this.dropout.forward(this.projDown.forward(mul(gelu(gate), up)));
  }
}
