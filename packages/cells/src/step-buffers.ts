// The arrays one recurrence works on, shared by the driver (recurrence.ts) and the gate kernels
// (rnn-gates.ts, lstm-gates.ts, gru-gates.ts). They are allocated once per sequence, so the time
// loop allocates nothing; a kernel call handles one batch row at one time step.
//
// Index conventions: b is the batch row, t the time step, p = b·L + t the row of [B, L, ·] arrays;
// per-step scratch ([B, ·]) is indexed by b alone. G·H values per gate row, H per state row.
import type { TypedArray } from '@seqmod/tensor';

/** What the forward pass reads and writes. */
export interface ForwardBuffers {
  readonly H: number;
  /** x W_ihᵀ + b_ih for every step: [B, L, G·H], starting at xpOffset. */
  readonly xp: TypedArray;
  readonly xpOffset: number;
  /** b_hh [G·H] (zeros for a layer without bias). */
  readonly bias: TypedArray;
  readonly biasOffset: number;
  /** h W_hhᵀ of the current step: [B, G·H] scratch. */
  readonly gh: TypedArray;
  /** The running state [B, H], updated in place row by row. */
  readonly h: TypedArray;
  readonly c: TypedArray | null;
  /** The layer output [B, L, H] (zero where a sequence has ended). */
  readonly y: TypedArray;
  /** What backward needs, or null when no gradient is recorded. */
  readonly saved: SavedActivations | null;
}

/** Activations kept for backpropagation through time, all at row p = b·L + t. */
export interface SavedActivations {
  /** h_{t−1} [B, L, H]: the input of W_hh at step t. */
  readonly hPrev: TypedArray;
  /** Gate activations [B, L, G·H] (LSTM i, f, g, o; GRU r, z, n; unused by the RNN). */
  readonly acts: TypedArray;
  /** LSTM: c_{t−1}; GRU: W_hn h_{t−1} + b_hn. [B, L, H]. */
  readonly aux: TypedArray;
  /** LSTM: tanh(c_t). [B, L, H]. */
  readonly aux2: TypedArray;
}

/** What the backward pass reads and writes. */
export interface BackwardBuffers {
  readonly H: number;
  readonly saved: SavedActivations;
  /** The layer output (the RNN's h_t, whose derivative its activation needs). */
  readonly y: TypedArray;
  /** ∂L/∂y [B, L, H] from the layers above, or null when y did not reach the loss. */
  readonly gy: TypedArray | null;
  readonly gyOffset: number;
  /** ∂L/∂h and ∂L/∂c flowing back in time [B, H]; a kernel leaves the part that skips W_hh in dh. */
  readonly dh: TypedArray;
  readonly dc: TypedArray | null;
  /** ∂L/∂(x W_ihᵀ + b_ih) [B, L, G·H]. */
  readonly dxp: TypedArray;
  /**
   * ∂L/∂(h W_hhᵀ + b_hh) [B, L, G·H]. It differs from dxp only in the GRU's n block, so for the
   * RNN and the LSTM it is the dxp array itself and their kernels write dxp alone.
   */
  readonly dgh: TypedArray;
  /** dgh of the current step as a [B, G·H] block, for the gemm into dh. */
  readonly dghStep: TypedArray;
}

/** The pointwise part of one cell, one batch row at a time. */
export interface GateKernel {
  /** Reads xp, gh, bias and the state row b; writes the new state, y[p] and (if kept) saved[p]. */
  forwardRow(f: ForwardBuffers, b: number, p: number): void;
  /**
   * Adds ∂L/∂y[p] to dh[b], backpropagates through the gates into dxp[p], dgh[p] and dghStep[b],
   * and leaves in dh[b] (dc[b]) the gradient w.r.t. h_{t−1} (c_{t−1}) that does not pass W_hh.
   */
  backwardRow(g: BackwardBuffers, b: number, p: number): void;
}
