// The single cell behind RNNCell, LSTMCell and GRUCell: torch.nn.RNNCellBase's parameters
// (weight_ih [G·H, I], weight_hh [G·H, H], bias_ih, bias_hh [G·H], all U(−1/√H, 1/√H)) and the
// same step as one layer of the sequence layers. torch's cell runs one step; this one also runs a
// sequence (forward), which equals stepping through it.
import { Module } from '@seqmod/nn';
import {
  type DType,
  DTypeError,
  fmtShape,
  Generator,
  rnnInit,
  ShapeError,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { type CellKind, gateCount, hasCellState, kindName } from './cell-kind';
import { type DirectionWeights, runDirection } from './direction';
import type { SequenceOptions } from './recurrent-layer';
import { checkState, type RecurrentState, zeroState } from './recurrent-state';
import { checkLengths } from './sequence-lengths';

export interface RecurrentCellOptions {
  /** Whether the cell has bias_ih and bias_hh (default true). */
  bias?: boolean;
  dtype?: DType;
  /** Generator of the initial weights (default: a fixed seed). */
  rng?: Generator;
}

export abstract class RecurrentCell<S extends RecurrentState> extends Module {
  readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;

  protected constructor(kind: CellKind, inputSize: number, hiddenSize: number, opts: RecurrentCellOptions) {
    super();
    const name = `${kindName(kind)}Cell`;
    for (const [what, v] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new ValueError(name, `${what} must be a positive integer, got ${v}`);
    }
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = opts.bias ?? true;
    const rng = opts.rng ?? new Generator(0);
    const init = (shape: number[]) => rnnInit(shape, hiddenSize, { rng, dtype: opts.dtype ?? 'float32' });
    const GH = gateCount(kind) * hiddenSize;
    this.registerParameter('weight_ih', init([GH, inputSize]));
    this.registerParameter('weight_hh', init([GH, hiddenSize]));
    if (this.bias) {
      this.registerParameter('bias_ih', init([GH]));
      this.registerParameter('bias_hh', init([GH]));
    }
  }

  /** The parameters' dtype (inputs and states must match it). */
  get dtype(): DType {
    return this.param('weight_ih').dtype;
  }

  weights(): DirectionWeights {
    return {
      weightIh: this.param('weight_ih'),
      weightHh: this.param('weight_hh'),
      biasIh: this.bias ? this.param('bias_ih') : null,
      biasHh: this.bias ? this.param('bias_hh') : null,
    };
  }

  /** Zero state for a batch of B: h (and c) [B, H]. */
  initialState(batch: number): S {
    return zeroState([batch, this.hiddenSize], hasCellState(this.kind), this.dtype) as S;
  }

  /** One step. x: [B, I], state (zeros when omitted) -> [h': [B, H], state h' (and c') [B, H]]. */
  step(x: Tensor, state?: S): [Tensor, S] {
    const op = `${kindName(this.kind)}Cell.step`;
    this.checkInput(op, x, 2);
    const B = x.shape[0]!;
    const st = checkState(op, state, [B, this.hiddenSize], hasCellState(this.kind), this.dtype);
    const r = runDirection(this.kind, x.reshape(B, 1, this.inputSize), this.weights(), st.h, st.c ?? null);
    return [r.h, (r.c ? { h: r.h, c: r.c } : { h: r.h }) as S];
  }

  /**
   * The cell over a sequence. x: [B, L, I], state (zeros when omitted) -> [y: [B, L, H] (h at
   * every step, zero at padded steps), final state [B, H]].
   */
  forward(x: Tensor, state?: S, opts: SequenceOptions = {}): [Tensor, S] {
    const op = `${kindName(this.kind)}Cell`;
    this.checkInput(op, x, 3);
    const [B, L] = x.shape as [number, number];
    const lengths = checkLengths(op, opts.lengths, B, L);
    const st = checkState(op, state, [B, this.hiddenSize], hasCellState(this.kind), this.dtype);
    const r = runDirection(this.kind, x, this.weights(), st.h, st.c ?? null, { lengths });
    return [r.y, (r.c ? { h: r.h, c: r.c } : { h: r.h }) as S];
  }

  private checkInput(op: string, x: Tensor, ndim: 2 | 3): void {
    const want = ndim === 3 ? `[B, L, ${this.inputSize}]` : `[B, ${this.inputSize}]`;
    if (x.ndim !== ndim || x.shape[ndim - 1] !== this.inputSize) {
      throw new ShapeError(op, `input must be ${want}, got ${fmtShape(x.shape)}`);
    }
    if (x.dtype !== this.dtype) {
      throw new DTypeError(
        op,
        `input is ${x.dtype} but the parameters are ${this.dtype}; convert one with .to('${this.dtype}')`,
      );
    }
  }
}
