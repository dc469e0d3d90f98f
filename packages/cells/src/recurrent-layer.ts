// The multi-layer, optionally bidirectional recurrent layer behind RNN, LSTM and GRU, with
// torch.nn.RNNBase's parameters, names, initialisation and semantics.
//
// Glossary: I input size, H hidden size, N numLayers, D = 2 if bidirectional else 1.
// Parameters (torch names): weight_ih_l{k}[_reverse] [G·H, I_k], weight_hh_l{k}[_reverse] [G·H, H],
// bias_ih_l{k}[_reverse], bias_hh_l{k}[_reverse] [G·H], with I_0 = I and I_k = D·H above; all drawn
// from U(−1/√H, 1/√H) as torch does. Layer k > 0 reads layer k−1's output, to which dropout is
// applied in training mode (not after the last layer).
import { Dropout, Module } from '@seqmod/nn';
import {
  concat,
  type DType,
  DTypeError,
  fmtShape,
  Generator,
  rnnInit,
  ShapeError,
  stack,
  type Tensor,
  ValueError,
} from '@seqmod/tensor';
import { type CellKind, gateCount, hasCellState, kindName } from './cell-kind';
import { type DirectionWeights, runDirection } from './direction';
import { checkState, type RecurrentState, zeroState } from './recurrent-state';
import { checkLengths, type Lengths } from './sequence-lengths';

export interface RecurrentLayerOptions {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Whether the layers have bias_ih and bias_hh (default true). */
  bias?: boolean;
  /** Run a second pass from the end and concatenate both outputs (default false). */
  bidirectional?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in train mode (default 0). */
  dropout?: number;
  dtype?: DType;
  /** Generator of the initial weights (default: a fixed seed). */
  rng?: Generator;
  /** Generator of the dropout masks (default: a stream of @seqmod/nn's dropout generator). */
  dropoutRng?: Generator;
}

export interface SequenceOptions {
  /** Valid steps of each sequence of a padded batch (see sequence-lengths.ts). */
  lengths?: Lengths;
}

export abstract class RecurrentLayer<S extends RecurrentState> extends Module {
  readonly kind: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly dropout: number;
  readonly bias: boolean;
  private readonly drop: Dropout;

  protected constructor(kind: CellKind, inputSize: number, hiddenSize: number, opts: RecurrentLayerOptions) {
    super();
    const name = kindName(kind);
    for (const [what, v] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
      ['numLayers', opts.numLayers ?? 1],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new ValueError(name, `${what} must be a positive integer, got ${v}`);
    }
    const p = opts.dropout ?? 0;
    if (!(p >= 0 && p <= 1)) throw new ValueError(name, `dropout must be in [0, 1], got ${p}`);
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = opts.numLayers ?? 1;
    this.bidirectional = opts.bidirectional ?? false;
    this.dropout = p;
    this.bias = opts.bias ?? true;
    const dtype = opts.dtype ?? 'float32';
    this.drop = this.registerModule('inter_layer_dropout', new Dropout(p, { rng: opts.dropoutRng }));
    const rng = opts.rng ?? new Generator(0);
    const GH = gateCount(kind) * hiddenSize;
    const init = (shape: number[]) => rnnInit(shape, hiddenSize, { rng, dtype });
    for (let k = 0; k < this.numLayers; k++) {
      const inK = k === 0 ? inputSize : this.directions * hiddenSize;
      for (let d = 0; d < this.directions; d++) {
        const sfx = suffix(k, d);
        this.registerParameter(`weight_ih${sfx}`, init([GH, inK]));
        this.registerParameter(`weight_hh${sfx}`, init([GH, hiddenSize]));
        if (this.bias) {
          this.registerParameter(`bias_ih${sfx}`, init([GH]));
          this.registerParameter(`bias_hh${sfx}`, init([GH]));
        }
      }
    }
  }

  /** The parameters' dtype (inputs and states must match it). */
  get dtype(): DType {
    return this.param(`weight_ih${suffix(0, 0)}`).dtype;
  }

  /** 2 when bidirectional, else 1. */
  get directions(): 1 | 2 {
    return this.bidirectional ? 2 : 1;
  }

  /** The weights of layer k, direction d (0 forward, 1 reverse). */
  weights(k: number, d: 0 | 1 = 0): DirectionWeights {
    const sfx = suffix(k, d);
    return {
      weightIh: this.param(`weight_ih${sfx}`),
      weightHh: this.param(`weight_hh${sfx}`),
      biasIh: this.bias ? this.param(`bias_ih${sfx}`) : null,
      biasHh: this.bias ? this.param(`bias_hh${sfx}`) : null,
    };
  }

  /** Zero state for a batch of B: h (and c) [numLayers·D, B, H]. */
  initialState(batch: number): S {
    return zeroState(
      [this.numLayers * this.directions, batch, this.hiddenSize],
      hasCellState(this.kind),
      this.dtype,
    ) as S;
  }

  /**
   * The whole sequence. x: [B, L, I], state (zeros when omitted) -> [output: [B, L, D·H] (the last
   * layer's h at every step, zero at padded steps), final state: h (and c) [numLayers·D, B, H]].
   */
  forward(x: Tensor, state?: S, opts: SequenceOptions = {}): [Tensor, S] {
    const name = kindName(this.kind);
    this.checkInput(x, 3);
    const [B, L] = x.shape as [number, number];
    const lengths = checkLengths(name, opts.lengths, B, L);
    const D = this.directions;
    const st = checkState(
      name,
      state,
      [this.numLayers * D, B, this.hiddenSize],
      hasCellState(this.kind),
      this.dtype,
    );
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    let input = x;
    for (let k = 0; k < this.numLayers; k++) {
      const ys: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const row = k * D + d;
        const r = runDirection(
          this.kind,
          input,
          this.weights(k, d as 0 | 1),
          st.h.select(0, row),
          st.c ? st.c.select(0, row) : null,
          {
            reverse: d === 1,
            lengths,
          },
        );
        ys.push(r.y);
        hs.push(r.h);
        if (r.c) cs.push(r.c);
      }
      input = D === 2 ? concat(ys, 2) : ys[0]!;
      if (k < this.numLayers - 1) input = this.drop.forward(input);
    }
    return [input, this.packState(hs, cs)];
  }

  /**
   * One step, for generation (unidirectional layers). x: [B, I], state (zeros when omitted) ->
   * [y: [B, H] (the last layer's h), state: h (and c) [numLayers, B, H]]. Running step() over a
   * sequence gives what forward() gives.
   */
  step(x: Tensor, state?: S): [Tensor, S] {
    const name = kindName(this.kind);
    if (this.bidirectional) {
      throw new ValueError(
        `${name}.step`,
        'a bidirectional layer has no step mode: its reverse pass reads the future',
      );
    }
    this.checkInput(x, 2);
    const B = x.shape[0]!;
    const st = checkState(
      `${name}.step`,
      state,
      [this.numLayers, B, this.hiddenSize],
      hasCellState(this.kind),
      this.dtype,
    );
    const hs: Tensor[] = [];
    const cs: Tensor[] = [];
    let input = x;
    for (let k = 0; k < this.numLayers; k++) {
      const r = runDirection(
        this.kind,
        input.reshape(B, 1, input.shape[1]!),
        this.weights(k),
        st.h.select(0, k),
        st.c ? st.c.select(0, k) : null,
      );
      hs.push(r.h);
      if (r.c) cs.push(r.c);
      input = r.h;
      if (k < this.numLayers - 1) input = this.drop.forward(input);
    }
    return [hs[hs.length - 1]!, this.packState(hs, cs)];
  }

  private packState(hs: Tensor[], cs: Tensor[]): S {
    return (cs.length > 0 ? { h: stack(hs, 0), c: stack(cs, 0) } : { h: stack(hs, 0) }) as S;
  }

  private checkInput(x: Tensor, ndim: 2 | 3): void {
    const name = ndim === 3 ? kindName(this.kind) : `${kindName(this.kind)}.step`;
    const want = ndim === 3 ? `[B, L, ${this.inputSize}]` : `[B, ${this.inputSize}]`;
    if (x.ndim !== ndim || x.shape[ndim - 1] !== this.inputSize) {
      throw new ShapeError(name, `input must be ${want}, got ${fmtShape(x.shape)}`);
    }
    const dtype = this.dtype;
    if (x.dtype !== dtype) {
      throw new DTypeError(
        name,
        `input is ${x.dtype} but the parameters are ${dtype}; convert one with .to('${dtype}')`,
      );
    }
  }
}

/** The torch.nn name suffix of layer k, direction d: _l0, _l0_reverse, ... */
function suffix(k: number, d: number): string {
  return `_l${k}${d === 1 ? '_reverse' : ''}`;
}
