// The mLSTM layer (the inside of the mLSTM block, pre up-projection): up-project ×2 into an mLSTM
// branch and an output-gate branch; causal conv + SiLU on the q/k path; block-diagonal q, k, v
// projections; the mLSTM cell; a learnable skip; the SiLU output gate; the down-projection.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4 "mLSTM block"): x: [B, L, D];
// [x_m | z] = W_up x, each of P = 2·D rounded up to a multiple (projection-size.ts);
// x̂ = SiLU(conv(x_m)); q = W_q x̂, k = W_k x̂, v = W_v x_m (head-wise, blocks of 4);
// h = mLSTM(q, k, v) (group-normed per head); y = W_down ((h + s ⊙ x̂) ⊙ SiLU(z)), s the
// learnable skip.
// Reference matched: NX-AI/xlstm `mLSTMLayer` (parameter names proj_up, q_proj, k_proj, v_proj,
// conv1d, mlstm_cell, learnable_skip, proj_down; small_init for proj_up and q/k/v with the
// embedding dim, wang_init for proj_down, skip = 1). Dropout after the down-projection, as the
// reference (p = 0 by default; active only in train mode).
import { Dropout, Linear, Module } from '@seqmod/nn';
import {
  type DType,
  fmtShape,
  Generator,
  mul,
  ones,
  ShapeError,
  silu,
  split,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { CausalConv1d } from './causal-conv';
import type { ForgetGate } from './forget-gate';
import { HeadwiseLinear } from './headwise-linear';
import { MlstmCell, type MlstmForm } from './mlstm-cell';
import type { MlstmState } from './mlstm-state';
import { upProjectionSize } from './projection-size';
import type { SequenceLayer } from './sequence-layer';
import { fillWith, smallInit, wangInit } from './weight-init';

export interface MlstmLayerOptions {
  /** mLSTM heads (default 4); must divide the inner width. */
  numHeads?: number;
  /** Up-projection factor (default 2, the paper's). */
  projFactor?: number;
  /** The inner width is rounded up to a multiple of this (default 64, the reference's). */
  roundUpTo?: number;
  /** Width of the blocks of the q, k, v projections (default 4, the reference's). */
  qkvBlockSize?: number;
  /** Causal conv width on the q/k path (default 4; 0 for none). */
  convKernelSize?: number;
  /** The form forward() uses (default 'parallel'). */
  form?: MlstmForm;
  chunkSize?: number;
  eps?: number;
  forgetGate?: ForgetGate;
  /** Dropout probability on the output (default 0). */
  dropout?: number;
  /** Blocks in the stack, for wang_init of proj_down (default 1). */
  numBlocks?: number;
  dtype?: DType;
  rng?: Generator;
}

export interface MlstmLayerState {
  /** The conv's last K−1 inputs [B, K−1, P], or null without a conv. */
  conv: Tensor | null;
  cell: MlstmState;
}

export class MlstmLayer extends Module implements SequenceLayer<MlstmLayerState> {
  readonly dim: number;
  readonly innerDim: number;
  private readonly projUp: Linear;
  private readonly qProj: HeadwiseLinear;
  private readonly kProj: HeadwiseLinear;
  private readonly vProj: HeadwiseLinear;
  private readonly conv: CausalConv1d | null;
  readonly cell: MlstmCell;
  private readonly projDown: Linear;
  private readonly dropout: Dropout;

  constructor(dim: number, opts: MlstmLayerOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const rng = opts.rng ?? new Generator(0);
    const inner = upProjectionSize(dim, opts.projFactor ?? 2, opts.roundUpTo ?? 64);
    const block = opts.qkvBlockSize ?? 4;
    if (!Number.isInteger(block) || block <= 0 || inner % block !== 0) {
      throw new ValueError(
        'MlstmLayer',
        `qkvBlockSize must be a positive divisor of the inner width ${inner}, got ${block}`,
      );
    }
    const K = opts.convKernelSize ?? 4;
    this.dim = dim;
    this.innerDim = inner;
    this.projUp = this.registerModule('proj_up', new Linear(dim, 2 * inner, { bias: false, dtype, rng }));
    fillWith(this.projUp.weight, smallInit(this.projUp.weight.shape, dim, rng, dtype));
    const qkv = (name: string) => {
      const p = this.registerModule(name, new HeadwiseLinear(inner, inner / block, { dtype, rng }));
      fillWith(p.weight, smallInit(p.weight.shape, dim, rng, dtype));
      return p;
    };
    this.qProj = qkv('q_proj');
    this.kProj = qkv('k_proj');
    this.vProj = qkv('v_proj');
    this.conv = K > 0 ? this.registerModule('conv1d', new CausalConv1d(inner, K, { dtype, rng })) : null;
    this.cell = this.registerModule(
      'mlstm_cell',
      new MlstmCell(inner, opts.numHeads ?? 4, {
        form: opts.form,
        chunkSize: opts.chunkSize,
        eps: opts.eps,
        forgetGate: opts.forgetGate,
        dtype,
        rng,
      }),
    );
    this.registerParameter('learnable_skip', ones([inner], { dtype }));
    this.projDown = this.registerModule('proj_down', new Linear(inner, dim, { bias: false, dtype, rng }));
    fillWith(
      this.projDown.weight,
      wangInit(this.projDown.weight.shape, dim, opts.numBlocks ?? 1, rng, dtype),
    );
    this.dropout = this.registerModule('dropout', new Dropout(opts.dropout ?? 0));
  }

  initialState(batch: number, dtype: DType = this.projUp.weight.dtype): MlstmLayerState {
    return {
      conv: this.conv ? this.conv.initialState(batch, dtype) : null,
      cell: this.cell.initialState(batch, dtype),
    };
  }

  private check(op: string, x: Tensor, rank: number): void {
    if (x.ndim !== rank || x.shape[rank - 1] !== this.dim) {
      throw new ShapeError(
        op,
        `x must be ${rank === 3 ? '[B, L, ' : '[B, '}${this.dim}], got ${fmtShape(x.shape)}`,
      );
    }
  }

  /** The output gate and down-projection: h, x̂, z: [..., P] -> [..., D]. */
  private finish(h: Tensor, xConv: Tensor, z: Tensor): Tensor {
    const skipped = h.add(mul(this.param('learnable_skip'), xConv));
    return this.dropout.forward(this.projDown.forward(mul(skipped, silu(z))));
  }

  prefill(x: Tensor, state?: MlstmLayerState): [Tensor, MlstmLayerState] {
    this.check('MlstmLayer', x, 3);
    const start = state ?? this.initialState(x.shape[0]!, x.dtype);
    const [xm, z] = split(this.projUp.forward(x), this.innerDim, -1) as [Tensor, Tensor];
    const xConv = this.conv ? silu(this.conv.forward(xm, start.conv ?? undefined)) : xm;
    const [h, cell] = this.cell.prefill(
      this.qProj.forward(xConv),
      this.kProj.forward(xConv),
      this.vProj.forward(xm),
      start.cell,
    );
    const conv = this.conv ? this.conv.stateAfter(xm, start.conv ?? undefined) : null;
    return [this.finish(h, xConv, z), { conv, cell }];
  }

  /** x: [B, L, D] -> y: [B, L, D], in the cell's configured form (parallel by default). */
  forward(x: Tensor): Tensor {
    this.check('MlstmLayer', x, 3);
    const [xm, z] = split(this.projUp.forward(x), this.innerDim, -1) as [Tensor, Tensor];
    const xConv = this.conv ? silu(this.conv.forward(xm)) : xm;
    const h = this.cell.forward(this.qProj.forward(xConv), this.kProj.forward(xConv), this.vProj.forward(xm));
    return this.finish(h, xConv, z);
  }

  step(x: Tensor, state?: MlstmLayerState): [Tensor, MlstmLayerState] {
    this.check('MlstmLayer.step', x, 2);
    const start = state ?? this.initialState(x.shape[0]!, x.dtype);
    const [xm, z] = split(this.projUp.forward(x), this.innerDim, -1) as [Tensor, Tensor];
    let xConv = xm;
    let conv: Tensor | null = null;
    if (this.conv) {
      const [c, next] = this.conv.step(xm, start.conv ?? undefined);
      xConv = silu(c);
      conv = next;
    }
    const [h, cell] = this.cell.step(
      this.qProj.forward(xConv),
      this.kProj.forward(xConv),
      this.vProj.forward(xm),
      start.cell,
    );
    return [this.finish(h, xConv, z), { conv, cell }];
  }
}
