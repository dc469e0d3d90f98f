// Conformance adapters for @seqmod/hippo: fixture op -> library call.
//   hippo        state-spaces/s4 transition(measure, N)           -> hippo
//   hippo_nplr   rank_correction + eigvals of A + PPᵀ (sorted)    -> nplr
//   s4d_init     S4D-Lin / S4D-Inv                                -> s4dInit
//   ssm_kernel   dense powers K[l] = C Āˡ B̄                      -> ssmKernel
//   s4d_kernel   S4D kernel (ZOH, B folded into C)                -> s4dKernel
//   dplr_kernel  bilinear DPLR kernel, C not conjugated           -> dplrCorrectC + dplrKernel
// Inputs are converted to the requested dtype first, so float32 runs compute in float32.
import type { DiscretizeMethod } from '@seqmod/discretize';
import {
  dplrCorrectC,
  dplrKernel,
  type HippoMeasure,
  hippo,
  nplr,
  type S4DInit,
  s4dInit,
  s4dKernel,
  ssmKernel,
} from '@seqmod/hippo';
import { ComplexTensor, fromArray, reshape } from '@seqmod/tensor';
import { NotImplemented, type OpTable } from '../adapter';
import { complexInput, complexOutput, numberParam, realInput, realOutput, stringParam } from './discretize';

const row = (c: ComplexTensor) => new ComplexTensor(reshape(c.re, [1, c.size]), reshape(c.im, [1, c.size]));

export const hippoOps: OpTable = {
  hippo: (fx, { dtype }) => {
    const { A, B } = hippo(stringParam(fx, 'measure') as HippoMeasure, numberParam(fx, 'N'), { dtype });
    return { outputs: { A: realOutput(A), B: realOutput(B) } };
  },

  hippo_nplr: (fx, { dtype }) => {
    const N = numberParam(fx, 'N');
    const { P, w } = nplr(stringParam(fx, 'measure') as HippoMeasure, N, { dtype });
    if (P.shape[0] !== 1)
      throw new NotImplemented(`hippo_nplr fixtures hold a rank-1 P; this measure has rank ${P.shape[0]}`);
    return { outputs: { P: realOutput(reshape(P, [N])), w_sorted: complexOutput(w) } };
  },

  s4d_init: (fx, { dtype }) => ({
    outputs: {
      A: complexOutput(
        s4dInit(stringParam(fx, 'init') as S4DInit, numberParam(fx, 'N'), numberParam(fx, 'H'), { dtype }),
      ),
    },
  }),

  ssm_kernel: (fx, { dtype }) => {
    const K = ssmKernel(
      realInput(fx, 'A', dtype),
      realInput(fx, 'B', dtype),
      realInput(fx, 'C', dtype),
      numberParam(fx, 'dt'),
      numberParam(fx, 'L'),
      {
        method: stringParam(fx, 'method') as DiscretizeMethod,
      },
    );
    return { outputs: { K: realOutput(K) } };
  },

  s4d_kernel: (fx, { dtype }) => {
    const K = s4dKernel(
      realInput(fx, 'log_dt', dtype),
      complexInput(fx, 'A', dtype),
      complexInput(fx, 'C', dtype),
      numberParam(fx, 'L'),
    );
    return { outputs: { K: realOutput(K) } };
  },

  dplr_kernel: (fx, { dtype }) => {
    const method = stringParam(fx, 'method');
    if (method !== 'bilinear')
      throw new NotImplemented(`dplr_kernel with method '${method}' (the Cauchy algorithm is bilinear)`);
    const L = numberParam(fx, 'L');
    const logDt = fromArray([Math.log(numberParam(fx, 'dt'))], [1], { dtype });
    const [Lambda, P, B, C] = ['Lambda', 'P', 'B', 'C'].map((name) => row(complexInput(fx, name, dtype))) as [
      ComplexTensor,
      ComplexTensor,
      ComplexTensor,
      ComplexTensor,
    ];
    const Ct = dplrCorrectC(logDt, Lambda, P, C, L);
    const K = dplrKernel(logDt, Lambda, P, B, Ct, L);
    return { outputs: { K: realOutput(reshape(K, [L])) } };
  },
};
