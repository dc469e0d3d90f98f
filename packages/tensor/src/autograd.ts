// Reverse-mode automatic differentiation on a dynamic tape.
//
// Every differentiable op records a GradNode on its outputs: the inputs it read and a backward
// function mapping the gradients of its outputs to the gradients of its inputs. `backward()`
// walks the nodes reachable from a root in reverse topological order and accumulates into the
// `.grad` of leaf tensors (those created by the user with requiresGrad). Backward functions are
// ordinary tensor code run with recording switched off.
import type { Tensor } from './tensor';

export type BackwardFn = (gradOutputs: (Tensor | null)[]) => (Tensor | null | undefined)[];

export interface GradNode {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  readonly numOutputs: number;
  readonly backward: BackwardFn;
  /** Non-leaf outputs that asked to keep their gradient (Tensor.retainGrad). */
  retained?: (Tensor | undefined)[];
}

let gradEnabled = true;

/** Whether ops currently record the tape. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Switches recording on or off; returns the previous setting. */
export function setGradEnabled(enabled: boolean): boolean {
  const prev = gradEnabled;
  gradEnabled = enabled;
  return prev;
}

/** Runs `fn` without recording (inference, optimiser updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(false);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
}

/** Runs `fn` with recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(true);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
}

/**
 * Registers a differentiable op whose outputs were computed already (on raw arrays, a GPU, ...).
 * `backward` receives one gradient per output (null where that output did not reach the loss)
 * and returns one gradient per input (null/undefined where there is none), each shaped like its
 * input. A no-op when recording is off or no input requires grad.
 */
export function recordOp(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  backward: BackwardFn,
): void {
  if (!gradEnabled) return;
  let needed = false;
  for (const t of inputs) if (t.requiresGrad) needed = true;
  if (!needed) return;
  const node: GradNode = { name, inputs, numOutputs: outputs.length, backward };
  outputs.forEach((o, i) => o.attachNode(node, i));
}
