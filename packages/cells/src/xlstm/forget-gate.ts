// The forget gate of sLSTM and mLSTM, in the log domain where the stabilised recurrences use it.
//
// Glossary (Beck et al. 2024, xLSTM, §2.2–2.3): f̃ the forget-gate pre-activation; f = σ(f̃)
// (sigmoid forget gate) or f = exp(f̃) (exponential forget gate); the recurrences only ever need
// log f, which is log σ(f̃) = −softplus(−f̃) or f̃ itself.
// Reference matched: NX-AI/xlstm uses torch.nn.functional.logsigmoid(fgate_preact) in
// `parallel_stabilized_simple`, `recurrent_step_stabilized_simple` and `slstm_forward_pointwise`.
import { logSigmoid, type Tensor, ValueError } from '@seqmod/tensor';

/** Which activation turns f̃ into the forget gate: σ(f̃) (the reference's choice) or exp(f̃). */
export type ForgetGate = 'sigmoid' | 'exp';

/** log f from f̃ for the chosen forget gate. fPreact: [...] -> log f: [...]. */
export function logForgetGate(fPreact: Tensor, kind: ForgetGate = 'sigmoid'): Tensor {
  if (kind === 'sigmoid') return logSigmoid(fPreact);
  if (kind === 'exp') return fPreact;
  throw new ValueError('logForgetGate', `forget gate must be 'sigmoid' or 'exp', got ${String(kind)}`);
}
