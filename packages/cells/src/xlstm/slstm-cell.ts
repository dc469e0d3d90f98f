// The sLSTM cell as a module: heads of block-diagonal recurrent weights and the gate biases,
// driven by precomputed input projections W x (gate-major [i | f | z | o]).
//
// Glossary (Beck et al. 2024, xLSTM, §2.2): R [NH, DH, 4, DH] the recurrent weights per head
// (slstm-recurrent-weight.ts); b [NH, 4, DH] the biases; the update is slstm-pointwise.ts.
// With numHeads = 1, R is a full [H, 4, H] matrix (no block structure).
// Reference matched: NX-AI/xlstm `sLSTMCell` (vanilla backend): parameters in its external
// layouts (`recurrent_kernel` [NH, DH, 4, DH], `bias` [NH, 4, DH]); recurrent weights start at zero,
// forget-gate biases by the "powerlaw_blockdependent" rule, other biases at zero.
import { Module } from '@seqmod/nn';
import {
  type DType,
  fmtShape,
  fromArray,
  Generator,
  permute,
  reshape,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '@seqmod/tensor';
import type { ForgetGate } from './forget-gate';
import { slstmScan, slstmStep } from './slstm-sequence';
import { type SlstmState, slstmZeroState } from './slstm-state';
import { fillWith } from './weight-init';

export interface SlstmCellOptions {
  /** Heads of the block-diagonal R (default 4, the reference's); must divide hiddenSize. */
  numHeads?: number;
  /** σ (default) or exp forget gate. */
  forgetGate?: ForgetGate;
  /** 'zeros' (default, the reference's) or 'standard' U(−1/√H, 1/√H). */
  recurrentInit?: 'zeros' | 'standard';
  /** Position of this block in a stack, for the forget-gate bias init (default 0 of 1). */
  blockIndex?: number;
  numBlocks?: number;
  dtype?: DType;
  rng?: Generator;
}

/**
 * The "powerlaw_blockdependent" forget-gate bias of one head: −(−5 + 12·(j/(DH−1))^(0.3 + 1.3·r)),
 * r = blockIndex/(numBlocks − 1). For DH = 1 the reference computes 0/0 (NaN); we take j/(DH−1) = 0.
 */
function powerlawForgetBias(headDim: number, blockIndex: number, numBlocks: number): number[] {
  const ratio = numBlocks > 1 ? blockIndex / (numBlocks - 1) : 0;
  return Array.from({ length: headDim }, (_, j) => {
    const t = headDim > 1 ? j / (headDim - 1) : 0;
    return -(-5 + 12 * t ** (0.3 + 1.3 * ratio));
  });
}

export class SlstmCell extends Module {
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly forgetGate: ForgetGate;

  constructor(hiddenSize: number, opts: SlstmCellOptions = {}) {
    super();
    const NH = opts.numHeads ?? 4;
    if (!Number.isInteger(NH) || NH <= 0 || hiddenSize % NH !== 0) {
      throw new ValueError(
        'SlstmCell',
        `numHeads must be a positive divisor of hiddenSize ${hiddenSize}, got ${NH}`,
      );
    }
    this.hiddenSize = hiddenSize;
    this.numHeads = NH;
    this.forgetGate = opts.forgetGate ?? 'sigmoid';
    const DH = hiddenSize / NH;
    const dtype = opts.dtype ?? 'float32';
    const R =
      (opts.recurrentInit ?? 'zeros') === 'zeros'
        ? zeros([NH, DH, 4, DH], { dtype })
        : (opts.rng ?? new Generator(0)).uniform(
            [NH, DH, 4, DH],
            -1 / Math.sqrt(hiddenSize),
            1 / Math.sqrt(hiddenSize),
            { dtype },
          );
    this.registerParameter('recurrent_kernel', R);
    const bias = this.registerParameter('bias', zeros([NH, 4, DH], { dtype }));
    const fBias = powerlawForgetBias(DH, opts.blockIndex ?? 0, opts.numBlocks ?? 1);
    const values = new Float64Array(NH * 4 * DH);
    for (let h = 0; h < NH; h++) for (let j = 0; j < DH; j++) values[(h * 4 + 1) * DH + j] = fBias[j]!;
    fillWith(bias, fromArray(values, [NH, 4, DH], { dtype }));
  }

  /** The biases as one gate-major vector [4H] (i | f | z | o, each head-major). */
  gateBias(): Tensor {
    return reshape(permute(this.param('bias'), [1, 0, 2]), [4 * this.hiddenSize]);
  }

  /** The state before the first step: zeros, [B, H] each. */
  initialState(batch: number, dtype: DType = this.param('bias').dtype): SlstmState {
    return slstmZeroState(batch, this.hiddenSize, dtype);
  }

  private checkWx(op: string, wx: Tensor, rank: number): void {
    if (wx.ndim !== rank || wx.shape[rank - 1] !== 4 * this.hiddenSize) {
      const want = rank === 3 ? `[B, S, ${4 * this.hiddenSize}]` : `[B, ${4 * this.hiddenSize}]`;
      throw new ShapeError(op, `wx must be ${want}, got ${fmtShape(wx.shape)}`);
    }
  }

  /** wx: [B, S, 4H] (W x, gate-major), optional start state -> { y: [B, S, H], state after step S }. */
  scan(wx: Tensor, state?: SlstmState): { y: Tensor; state: SlstmState } {
    this.checkWx('SlstmCell.scan', wx, 3);
    return slstmScan(wx, this.param('recurrent_kernel'), this.gateBias(), {
      state,
      forgetGate: this.forgetGate,
    });
  }

  /** wx: [B, S, 4H] -> y: [B, S, H], from the zero state. */
  forward(wx: Tensor): Tensor {
    return this.scan(wx).y;
  }

  /** One step. wx: [B, 4H], state -> [y: [B, H], state]. */
  step(wx: Tensor, state?: SlstmState): [Tensor, SlstmState] {
    this.checkWx('SlstmCell.step', wx, 2);
    return slstmStep(
      wx,
      this.param('recurrent_kernel'),
      this.gateBias(),
      state ?? this.initialState(wx.shape[0]!, wx.dtype),
      {
        forgetGate: this.forgetGate,
      },
    );
  }
}
