// What every xLSTM layer and block offers: the whole sequence at once, and one step at a time.
import type { Tensor } from '@seqmod/tensor';

export interface SequenceLayer<State> {
  /** x: [B, L, D] -> y: [B, L, D], from the initial state. */
  forward(x: Tensor): Tensor;
  /** x: [B, L, D], optional start state -> [y: [B, L, D], state after step L] (prompt prefill). */
  prefill(x: Tensor, state?: State): [Tensor, State];
  /** One step for generation. x: [B, D], state (initial when omitted) -> [y: [B, D], state]. */
  step(x: Tensor, state?: State): [Tensor, State];
  /** The state before the first step. */
  initialState(batch: number): State;
}
