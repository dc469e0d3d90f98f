// Conformance adapters for @seqmod/tensor: the autograd fixtures, composed from tensor ops.
import {
  add,
  div,
  gather,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  softmax,
  sqrt,
  sub,
  sum,
  Tensor,
  tanh,
  transpose,
} from '@seqmod/tensor';
import type { OpTable } from '../adapter';
import { gradOf, input, output, param, toTensor } from '../convert';

/** Σ out ⊙ g, the scalar whose gradients the fixtures hold. */
function pairing(out: Tensor, g: Tensor): Tensor {
  return sum(mul(out, g));
}

export const tensorOps: OpTable = {
  grad_mlp: (fx, { dtype }) => {
    const [x, W1, b1, W2] = ['x', 'W1', 'b1', 'W2'].map((n) => toTensor(input(fx, n), dtype, true)) as [
      Tensor,
      Tensor,
      Tensor,
      Tensor,
    ];
    const g = toTensor(input(fx, 'g'), dtype);
    const y = matmul(tanh(add(matmul(x, W1), b1)), W2);
    pairing(y, g).backward();
    return {
      outputs: {
        y: output(y),
        grad_x: gradOf(x),
        grad_W1: gradOf(W1),
        grad_b1: gradOf(b1),
        grad_W2: gradOf(W2),
      },
    };
  },

  grad_cross_entropy: (fx, { dtype }) => {
    const logits = toTensor(input(fx, 'logits'), dtype, true);
    const targets = toTensor(input(fx, 'targets'), dtype);
    const [B] = logits.shape as [number];
    // mean over the batch of −log softmax(logits)[target]
    const picked = gather(logSoftmax(logits, 1), 1, targets.reshape(B, 1));
    const loss = neg(mean(picked));
    loss.backward();
    return { outputs: { loss: output(loss, [1]), grad_logits: gradOf(logits) } };
  },

  grad_attention: (fx, { dtype }) => {
    const [q, k, v] = ['q', 'k', 'v'].map((n) => toTensor(input(fx, n), dtype, true)) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const g = toTensor(input(fx, 'g'), dtype);
    const L = q.shape[1]!;
    const d = q.shape[2]!;
    const scores = mul(matmul(q, transpose(k)), 1 / Math.sqrt(d));
    // causal mask: −∞ above the diagonal
    const mask = new Tensor(new (dtype === 'float64' ? Float64Array : Float32Array)(L * L), [L, L]);
    for (let i = 0; i < L; i++)
      for (let j = i + 1; j < L; j++) mask.data[i * L + j] = Number.NEGATIVE_INFINITY;
    const out = matmul(softmax(add(scores, mask), -1), v);
    pairing(out, g).backward();
    return { outputs: { out: output(out), grad_q: gradOf(q), grad_k: gradOf(k), grad_v: gradOf(v) } };
  },

  grad_layernorm: (fx, { dtype }) => {
    const [x, w, b] = ['x', 'weight', 'bias'].map((n) => toTensor(input(fx, n), dtype, true)) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const g = toTensor(input(fx, 'g'), dtype);
    const eps = param<number>(fx, 'eps');
    const mu = mean(x, -1, true);
    const xc = sub(x, mu);
    const variance = mean(mul(xc, xc), -1, true);
    const y = add(mul(div(xc, sqrt(add(variance, eps))), w), b);
    pairing(y, g).backward();
    return { outputs: { y: output(y), grad_x: gradOf(x), grad_weight: gradOf(w), grad_bias: gradOf(b) } };
  },
};
