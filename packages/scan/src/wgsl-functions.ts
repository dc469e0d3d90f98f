// WGSL helper functions shared by the webgpu-wgsl kernels: Mamba's step and gate nonlinearities
// in float32, written to match torch's definitions within float32 rounding.
//
//   softplus(x) = log(1 + e^x), and x itself above 20 (torch's threshold): evaluated as
//                 max(x, 0) + log1p(e^−|x|), which never overflows; log1p(e) for e < 1e−4 is
//                 e·(1 − e/2) because log(1 + e) in float32 loses e's digits there.
//   silu(x)     = x · σ(x) = x / (1 + e^−x)   (e^−x = +∞ for x < −88 gives −0, as it should)
//   sigmoid(x)  = 1 / (1 + e^−x)              (softplus′, and silu′ = σ(x)·(1 + x·(1 − σ(x))))

/** The WGSL source of softplus, silu and sigmoid (f32 -> f32). */
export function wgslActivations(): string {
  return `
fn softplus(x: f32) -> f32 {
  let e = exp(-abs(x));
  let lp = select(log(1.0 + e), e * (1.0 - 0.5 * e), e < 1e-4);
  return select(max(x, 0.0) + lp, x, x > 20.0);
}

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

fn silu(x: f32) -> f32 {
  return x / (1.0 + exp(-x));
}
`;
}

/** `body` once per value of `k` in [0, count), joined by newlines: unrolled loops in generated WGSL. */
export function unroll(count: number, body: (k: number) => string): string {
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(body(k));
  return out.join('\n');
}
