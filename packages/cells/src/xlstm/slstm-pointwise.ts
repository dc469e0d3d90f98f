// One sLSTM step after the matrix products: gates, stabiliser, cell, normaliser, output.
//
// Glossary (Beck et al. 2024, xLSTM, §2.2, eqs. 8–17 with the stabiliser of eqs. 15–17):
//   ĩ, f̃, z̃, õ  the four gate pre-activations (raw = W x_t + R y_{t−1} + b, gate-major)
//   log f       log σ(f̃) (sigmoid forget gate) or f̃ (exponential forget gate)
//   m_t         max(log f + m_{t−1}, ĩ), the stabiliser; m_t = ĩ where n_{t−1} = 0 (no history)
//   i', f'      exp(ĩ − m_t), exp(log f + m_{t−1} − m_t): stabilised gates, both ≤ 1
//   z, o        tanh(z̃), σ(õ)
//   c_t, n_t    f' c_{t−1} + i' z,  f' n_{t−1} + i'
//   y_t         o · c_t / n_t (the paper's h_t)
// Reference matched: NX-AI/xlstm vanilla `slstm_forward_pointwise`. Difference: the reference takes
// m_t = ĩ when *all* of n is zero; we decide per element (the same for the zero start state, and
// right for a partly fresh state), and treat m_{t−1} as −∞ there so that f' = 0 exactly instead
// of exp(log f − ĩ), which overflows to ∞·0 = NaN in float32 when ĩ ≪ 0 on the first step.
import { exp, maximum, mul, sigmoid, split, type Tensor, tanh, where } from '@seqmod/tensor';
import { type ForgetGate, logForgetGate } from './forget-gate';
import type { SlstmState } from './slstm-state';

/** raw: [B, 4H] (gate-major i, f, z, o), state ([B, H] each) -> next state. Differentiable. */
export function slstmPointwise(
  raw: Tensor,
  state: SlstmState,
  forgetGate: ForgetGate = 'sigmoid',
): SlstmState {
  const H = state.c.shape[1]!;
  const [iRaw, fRaw, zRaw, oRaw] = split(raw, H, -1) as [Tensor, Tensor, Tensor, Tensor];
  const mPrev = where(state.n.eq(0), Number.NEGATIVE_INFINITY, state.m);
  const decayed = logForgetGate(fRaw, forgetGate).add(mPrev);
  const m = maximum(decayed, iRaw);
  const i = exp(iRaw.sub(m));
  const f = exp(decayed.sub(m));
  const c = mul(f, state.c).add(mul(i, tanh(zRaw)));
  const n = mul(f, state.n).add(i);
  const y = mul(sigmoid(oRaw), c.div(n));
  return { y, c, n, m };
}
