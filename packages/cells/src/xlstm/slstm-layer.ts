// The sLSTM layer: optional causal conv + SiLU feeding the i and f gates, block-diagonal gate
// projections, the sLSTM cell and a head-wise group norm.
//
// Glossary (Beck et al. 2024, xLSTM, §2.4 "sLSTM block"): x: [B, L, H];
// x̂ = SiLU(conv(x)) (the causal conv of width K, default 4; K = 0 for none); i, f gate inputs from
// x̂, z, o gate inputs from x, each through a head-wise (block-diagonal) projection; y the sLSTM
// output; the group norm normalises each head of y.
// Reference matched: NX-AI/xlstm `sLSTMLayer` (parameter names conv1d, fgate, igate, zgate,
// ogate, slstm_cell, group_norm). Differences: its forward() feeds fgate into the i slot and igate
// into the f slot (`i, f, z, o = fgate(...), igate(...), ...`) while its step() does not; we use
// i ← igate, f ← fgate in both, so forward and step agree. Dropout on the sLSTM output before the
// group norm, as the reference (p = 0 by default; active only in train mode).
import { Dropout, Module } from '@seqmod/nn';
import { concat, type DType, fmtShape, Generator, ShapeError, silu, type Tensor } from '@seqmod/tensor';
import { CausalConv1d } from './causal-conv';
import type { ForgetGate } from './forget-gate';
import { HeadwiseLinear } from './headwise-linear';
import { MultiHeadLayerNorm } from './multi-head-layer-norm';
import type { SequenceLayer } from './sequence-layer';
import { SlstmCell } from './slstm-cell';
import type { SlstmState } from './slstm-state';
import { fillWith, smallInit } from './weight-init';

export interface SlstmLayerOptions {
  /** Heads (default 4); must divide the embedding size. */
  numHeads?: number;
  /** Causal conv width in front of the i, f gates (default 4; 0 for none). */
  convKernelSize?: number;
  forgetGate?: ForgetGate;
  /** Dropout probability on the sLSTM output (default 0). */
  dropout?: number;
  /** Position of this block in a stack (forget-gate bias init). */
  blockIndex?: number;
  numBlocks?: number;
  dtype?: DType;
  rng?: Generator;
}

export interface SlstmLayerState {
  /** The conv's last K−1 inputs [B, K−1, D], or null without a conv. */
  conv: Tensor | null;
  cell: SlstmState;
}

export class SlstmLayer extends Module implements SequenceLayer<SlstmLayerState> {
  readonly dim: number;
  private readonly conv: CausalConv1d | null;
  private readonly gates: { i: HeadwiseLinear; f: HeadwiseLinear; z: HeadwiseLinear; o: HeadwiseLinear };
  readonly cell: SlstmCell;
  private readonly dropout: Dropout;
  private readonly norm: MultiHeadLayerNorm;

  constructor(dim: number, opts: SlstmLayerOptions = {}) {
    super();
    const dtype = opts.dtype ?? 'float32';
    const rng = opts.rng ?? new Generator(0);
    const NH = opts.numHeads ?? 4;
    const K = opts.convKernelSize ?? 4;
    this.dim = dim;
    this.conv = K > 0 ? this.registerModule('conv1d', new CausalConv1d(dim, K, { dtype, rng })) : null;
    const gate = (name: string) => {
      const g = this.registerModule(name, new HeadwiseLinear(dim, NH, { dtype, rng }));
      fillWith(g.weight, smallInit(g.weight.shape, dim, rng, dtype));
      return g;
    };
    const f = gate('fgate');
    const i = gate('igate');
    const z = gate('zgate');
    const o = gate('ogate');
    this.gates = { i, f, z, o };
    this.cell = this.registerModule(
      'slstm_cell',
      new SlstmCell(dim, {
        numHeads: NH,
        forgetGate: opts.forgetGate,
        blockIndex: opts.blockIndex,
        numBlocks: opts.numBlocks,
        dtype,
        rng,
      }),
    );
    this.dropout = this.registerModule('dropout', new Dropout(opts.dropout ?? 0));
    this.norm = this.registerModule('group_norm', new MultiHeadLayerNorm(dim, NH, { dtype }));
  }

  initialState(batch: number, dtype: DType = this.cell.param('bias').dtype): SlstmLayerState {
    return {
      conv: this.conv ? this.conv.initialState(batch, dtype) : null,
      cell: this.cell.initialState(batch, dtype),
    };
  }

  /** x, x̂: [..., D] -> W x: [..., 4D] gate-major. */
  private gateInputs(x: Tensor, xConv: Tensor): Tensor {
    const { i, f, z, o } = this.gates;
    return concat([i.forward(xConv), f.forward(xConv), z.forward(x), o.forward(x)], -1);
  }

  private check(op: string, x: Tensor, rank: number): void {
    if (x.ndim !== rank || x.shape[rank - 1] !== this.dim) {
      throw new ShapeError(
        op,
        `x must be ${rank === 3 ? '[B, L, ' : '[B, '}${this.dim}], got ${fmtShape(x.shape)}`,
      );
    }
  }

  prefill(x: Tensor, state?: SlstmLayerState): [Tensor, SlstmLayerState] {
    this.check('SlstmLayer', x, 3);
    const start = state ?? this.initialState(x.shape[0]!, x.dtype);
    const xConv = this.conv ? silu(this.conv.forward(x, start.conv ?? undefined)) : x;
    const { y, state: cell } = this.cell.scan(this.gateInputs(x, xConv), start.cell);
    const conv = this.conv ? this.conv.stateAfter(x, start.conv ?? undefined) : null;
    return [this.norm.forward(this.dropout.forward(y)), { conv, cell }];
  }

  forward(x: Tensor): Tensor {
    return this.prefill(x)[0];
  }

  step(x: Tensor, state?: SlstmLayerState): [Tensor, SlstmLayerState] {
    this.check('SlstmLayer.step', x, 2);
    const start = state ?? this.initialState(x.shape[0]!, x.dtype);
    let xConv = x;
    let conv: Tensor | null = null;
    if (this.conv) {
      const [c, next] = this.conv.step(x, start.conv ?? undefined);
      xConv = silu(c);
      conv = next;
    }
    const [y, cell] = this.cell.step(this.gateInputs(x, xConv), start.cell);
    return [this.norm.forward(this.dropout.forward(y)), { conv, cell }];
  }
}
