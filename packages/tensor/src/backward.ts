// The backward pass: reverse topological walk of the tape from a root tensor.
import { type GradNode, setGradEnabled } from './autograd';
import { onesLike } from './creation';
import { add } from './elementwise';
import { fmtShape, ShapeError, ValueError } from './errors';
import { sameShape } from './shape';
import type { Tensor } from './tensor';

function accumulate(prev: Tensor | null | undefined, g: Tensor): Tensor {
  return prev ? add(prev, g) : g;
}

/** Nodes reachable from `root`, each after every node that consumes its outputs. */
function topoOrder(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const seen = new Set<GradNode>([root]);
  // Iterative post-order DFS: deep recurrences (BPTT over thousands of steps) would overflow the stack.
  const stack: [GradNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [node, i] = top;
    if (i < node.inputs.length) {
      top[1] = i + 1;
      const child = node.inputs[i]!.node;
      if (child && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order.reverse();
}

export function runBackward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad) {
    throw new ValueError(
      'backward',
      'this tensor does not require grad (no input had requiresGrad, or it was computed under noGrad)',
    );
  }
  let seed: Tensor;
  if (grad === undefined) {
    if (root.size !== 1) {
      throw new ShapeError(
        'backward',
        `needs a gradient argument for a non-scalar output of shape ${fmtShape(root.shape)}`,
      );
    }
    seed = onesLike(root);
  } else {
    if (!sameShape(grad.shape, root.shape)) {
      throw new ShapeError(
        'backward',
        `gradient shape ${fmtShape(grad.shape)} does not match output shape ${fmtShape(root.shape)}`,
      );
    }
    seed = grad.detach();
  }
  const prev = setGradEnabled(false);
  try {
    if (!root.node) {
      root.grad = root.grad ? add(root.grad, seed) : seed.clone();
      return;
    }
    const pending = new Map<GradNode, (Tensor | null)[]>();
    const slot = (node: GradNode) => {
      let s = pending.get(node);
      if (!s) {
        s = new Array<Tensor | null>(node.numOutputs).fill(null);
        pending.set(node, s);
      }
      return s;
    };
    slot(root.node)[root.outputIndex] = seed;
    for (const node of topoOrder(root.node)) {
      const outGrads = pending.get(node);
      pending.delete(node);
      if (!outGrads || outGrads.every((g) => g === null)) continue;
      if (node.retained) {
        node.retained.forEach((t, i) => {
          const g = outGrads[i];
          if (t && g) t.grad = accumulate(t.grad, g);
        });
      }
      const inGrads = node.backward(outGrads);
      node.inputs.forEach((input, i) => {
        const g = inGrads[i];
        if (!g || !input.requiresGrad) return;
        if (!sameShape(g.shape, input.shape)) {
          throw new ShapeError(
            `backward of ${node.name}`,
            `gradient for input ${i} has shape ${fmtShape(g.shape)}, the input has ${fmtShape(input.shape)}`,
          );
        }
        if (input.node) {
          const s = slot(input.node);
          s[input.outputIndex] = accumulate(s[input.outputIndex], g);
        } else {
          // A leaf's .grad is always its own contiguous array: optimisers and clipping may scale it in place.
          const own = input.dtype === g.dtype ? g : g.to(input.dtype);
          input.grad = input.grad ? add(input.grad, own) : own.clone();
        }
      });
    }
  } finally {
    setGradEnabled(prev);
  }
}
