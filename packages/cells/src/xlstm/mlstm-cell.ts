// The mLSTM cell as a module: input and forget gates computed from (q, k, v), the mLSTM memory in
// any of its three forms, and a head-wise group norm of the output.
//
// Glossary (Beck et al. 2024, xLSTM, §2.3): q, k, v: [B, S, NH·DH] (heads of DH); ĩ, f̃ = W_i [q; k; v]
// + b_i, W_f [q; k; v] + b_f, one scalar per head and step; h the mLSTM output (mlstm-parallel.ts,
// mlstm-recurrent.ts, mlstm-chunkwise.ts); outnorm the per-head layer norm.
// Reference matched: NX-AI/xlstm `mLSTMCell` (parameters igate, fgate: Linear(3·inner, NH);
// outnorm: MultiHeadLayerNorm; igate weight 0 and bias N(0, 0.1²); fgate weight 0 and bias evenly
// spaced in [3, 6]). Its forward uses the parallel form and its step starts from zeros (m = 0);
// our step starts from the empty state (m = −∞) so that step-by-step equals forward exactly.
import { Linear, Module } from '@seqmod/nn';
import {
  concat,
  type DType,
  fmtShape,
  Generator,
  permute,
  reshape,
  ShapeError,
  type Tensor,
  unsqueeze,
  ValueError,
} from '@seqmod/tensor';
import type { ForgetGate } from './forget-gate';
import { mlstmChunkwise } from './mlstm-chunkwise';
import { mlstmParallel } from './mlstm-parallel';
import { mlstmRecurrent, mlstmStep } from './mlstm-recurrent';
import { type MlstmState, mlstmEmptyState } from './mlstm-state';
import { MultiHeadLayerNorm } from './multi-head-layer-norm';
import { fillWith, linspaceBias } from './weight-init';

/** How forward() evaluates the memory over a sequence. */
export type MlstmForm = 'parallel' | 'chunkwise' | 'recurrent';

export interface MlstmCellOptions {
  /** The form forward() uses (default 'parallel', the reference's). */
  form?: MlstmForm;
  /** Chunk length of the chunkwise form (default 64). */
  chunkSize?: number;
  /** Normaliser epsilon (default 1e-6). */
  eps?: number;
  forgetGate?: ForgetGate;
  dtype?: DType;
  rng?: Generator;
}

export class MlstmCell extends Module {
  readonly dim: number;
  readonly numHeads: number;
  form: MlstmForm;
  chunkSize: number;
  readonly eps: number;
  readonly forgetGate: ForgetGate;
  private readonly igate: Linear;
  private readonly fgate: Linear;
  private readonly outnorm: MultiHeadLayerNorm;

  constructor(dim: number, numHeads: number, opts: MlstmCellOptions = {}) {
    super();
    if (!Number.isInteger(numHeads) || numHeads <= 0 || dim % numHeads !== 0) {
      throw new ValueError('MlstmCell', `numHeads must be a positive divisor of dim ${dim}, got ${numHeads}`);
    }
    const dtype = opts.dtype ?? 'float32';
    const rng = opts.rng ?? new Generator(0);
    this.dim = dim;
    this.numHeads = numHeads;
    this.form = opts.form ?? 'parallel';
    this.chunkSize = opts.chunkSize ?? 64;
    this.eps = opts.eps ?? 1e-6;
    this.forgetGate = opts.forgetGate ?? 'sigmoid';
    this.igate = this.registerModule('igate', new Linear(3 * dim, numHeads, { dtype, rng }));
    this.fgate = this.registerModule('fgate', new Linear(3 * dim, numHeads, { dtype, rng }));
    this.outnorm = this.registerModule('outnorm', new MultiHeadLayerNorm(dim, numHeads, { dtype }));
    fillWith(this.igate.weight, 0);
    fillWith(this.igate.bias!, rng.normal([numHeads], 0, 0.1, { dtype }));
    fillWith(this.fgate.weight, 0);
    fillWith(this.fgate.bias!, linspaceBias(numHeads, 3, 6, dtype));
  }

  get headDim(): number {
    return this.dim / this.numHeads;
  }

  /** The empty state (m = −∞), [B, NH, ...]. */
  initialState(batch: number, dtype: DType = this.igate.weight.dtype): MlstmState {
    return mlstmEmptyState(batch, this.numHeads, this.headDim, dtype);
  }

  private check(op: string, q: Tensor, k: Tensor, v: Tensor, rank: number): void {
    for (const t of [q, k, v]) {
      if (t.ndim !== rank || t.shape[rank - 1] !== this.dim || t.shape.some((d, i) => d !== q.shape[i])) {
        const want = rank === 3 ? `[B, S, ${this.dim}]` : `[B, ${this.dim}]`;
        throw new ShapeError(
          op,
          `q, k, v must all be ${want}, got ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`,
        );
      }
    }
  }

  /** [B, S, NH·DH] -> [B, NH, S, DH]. */
  private toHeads(x: Tensor): Tensor {
    const [B, S] = x.shape as [number, number];
    return permute(reshape(x, [B, S, this.numHeads, this.headDim]), [0, 2, 1, 3]);
  }

  /** Gate pre-activations from [..., 3·dim] inputs: [..., NH] each. */
  private gatePreacts(q: Tensor, k: Tensor, v: Tensor): [Tensor, Tensor] {
    const qkv = concat([q, k, v], -1);
    return [this.igate.forward(qkv), this.fgate.forward(qkv)];
  }

  /** h: [B, NH, S, DH] -> normalised [B, S, NH·DH]. */
  private output(h: Tensor): Tensor {
    const [B, , S] = h.shape as [number, number, number];
    return this.outnorm.forward(reshape(permute(h, [0, 2, 1, 3]), [B, S, this.dim]));
  }

  /**
   * q, k, v: [B, S, dim], optional start state -> [h: [B, S, dim], state after step S]. Uses the
   * chunkwise form (the parallel form has no state to hand on), or the recurrent one when that is
   * the configured form.
   */
  prefill(q: Tensor, k: Tensor, v: Tensor, state?: MlstmState): [Tensor, MlstmState] {
    this.check('MlstmCell', q, k, v, 3);
    const [i, f] = this.gatePreacts(q, k, v).map((g) => permute(g, [0, 2, 1])) as [Tensor, Tensor];
    const opts = { eps: this.eps, forgetGate: this.forgetGate, state, chunkSize: this.chunkSize };
    const r =
      this.form === 'recurrent'
        ? mlstmRecurrent(this.toHeads(q), this.toHeads(k), this.toHeads(v), i, f, opts)
        : mlstmChunkwise(this.toHeads(q), this.toHeads(k), this.toHeads(v), i, f, opts);
    return [this.output(r.h), r.state];
  }

  /** q, k, v: [B, S, dim] -> h: [B, S, dim], from the empty state, in the configured form. */
  forward(q: Tensor, k: Tensor, v: Tensor): Tensor {
    if (this.form !== 'parallel') return this.prefill(q, k, v)[0];
    this.check('MlstmCell', q, k, v, 3);
    const [i, f] = this.gatePreacts(q, k, v).map((g) => permute(g, [0, 2, 1])) as [Tensor, Tensor];
    const h = mlstmParallel(this.toHeads(q), this.toHeads(k), this.toHeads(v), i, f, {
      eps: this.eps,
      forgetGate: this.forgetGate,
    });
    return this.output(h);
  }

  /** One step. q, k, v: [B, dim], state -> [h: [B, dim], state]. */
  step(q: Tensor, k: Tensor, v: Tensor, state?: MlstmState): [Tensor, MlstmState] {
    this.check('MlstmCell.step', q, k, v, 2);
    const B = q.shape[0]!;
    const [i, f] = this.gatePreacts(q, k, v);
    const heads = (x: Tensor) => reshape(x, [B, this.numHeads, this.headDim]);
    const start = state ?? this.initialState(B, q.dtype);
    const opts = { eps: this.eps, forgetGate: this.forgetGate };
    const [h, next] = mlstmStep(heads(q), heads(k), heads(v), i, f, start, opts);
    return [this.output(unsqueeze(h, 2)).squeeze(1), next];
  }
}
