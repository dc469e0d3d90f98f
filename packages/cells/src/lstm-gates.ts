// The LSTM step, pointwise part (Hochreiter & Schmidhuber 1997; forget gate: Gers et al. 2000),
// in torch.nn.LSTM's gate order i, f, g, o.
//
// Glossary: z = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh = [z_i, z_f, z_g, z_o] (4 blocks of H)
//   i = σ(z_i)  input gate        f = σ(z_f)  forget gate
//   g = tanh(z_g) cell candidate  o = σ(z_o)  output gate
//   c' = f ⊙ c + i ⊙ g            h' = o ⊙ tanh(c')
// Backward, with dh' and dc' (the latter from step t+1) given:
//   dc = dc' + dh' ⊙ o ⊙ (1 − tanh²c')   do = dh' ⊙ tanh c'
//   di = dc ⊙ g   df = dc ⊙ c   dg = dc ⊙ i   d(c) = dc ⊙ f
//   dz = [di·i(1−i), df·f(1−f), dg·(1−g²), do·o(1−o)]
// σ(v) is written inline as 1/(1 + e^−v): exact at both ends (e^−v overflows to ∞ and gives 0,
// never NaN) and, unlike a call, inlined into the loop, where the transcendentals dominate.
import type { BackwardBuffers, ForwardBuffers, GateKernel } from './step-buffers';

export const lstmGates: GateKernel = {
  forwardRow(f: ForwardBuffers, b: number, p: number): void {
    const { H, xp, gh, bias, h, y, saved } = f;
    const c = f.c!;
    const G = 4 * H;
    const xo = f.xpOffset + p * G;
    const go = b * G;
    const bo = f.biasOffset;
    const so = b * H;
    const po = p * H;
    for (let j = 0; j < H; j++) {
      const i = 1 / (1 + Math.exp(-(xp[xo + j]! + gh[go + j]! + bias[bo + j]!)));
      const fg = 1 / (1 + Math.exp(-(xp[xo + H + j]! + gh[go + H + j]! + bias[bo + H + j]!)));
      const g = Math.tanh(xp[xo + 2 * H + j]! + gh[go + 2 * H + j]! + bias[bo + 2 * H + j]!);
      const o = 1 / (1 + Math.exp(-(xp[xo + 3 * H + j]! + gh[go + 3 * H + j]! + bias[bo + 3 * H + j]!)));
      const cPrev = c[so + j]!;
      const cNext = fg * cPrev + i * g;
      const tc = Math.tanh(cNext);
      const hNext = o * tc;
      if (saved) {
        const ao = p * G + j;
        saved.acts[ao] = i;
        saved.acts[ao + H] = fg;
        saved.acts[ao + 2 * H] = g;
        saved.acts[ao + 3 * H] = o;
        saved.hPrev[po + j] = h[so + j]!;
        saved.aux[po + j] = cPrev;
        saved.aux2[po + j] = tc;
      }
      c[so + j] = cNext;
      h[so + j] = hNext;
      y[po + j] = hNext;
    }
  },

  backwardRow(g: BackwardBuffers, b: number, p: number): void {
    const { H, saved, gy, dh, dxp, dghStep } = g;
    const dcRun = g.dc!;
    const { acts, aux: cPrevs, aux2: tanhC } = saved;
    const G = 4 * H;
    const so = b * H;
    const po = p * H;
    const zo = p * G;
    const sz = b * G;
    const gyo = g.gyOffset + po;
    for (let j = 0; j < H; j++) {
      const dhj = dh[so + j]! + (gy ? gy[gyo + j]! : 0);
      const i = acts[zo + j]!;
      const f = acts[zo + H + j]!;
      const gg = acts[zo + 2 * H + j]!;
      const o = acts[zo + 3 * H + j]!;
      const tc = tanhC[po + j]!;
      const dc = dcRun[so + j]! + dhj * o * (1 - tc * tc);
      const dzi = dc * gg * i * (1 - i);
      const dzf = dc * cPrevs[po + j]! * f * (1 - f);
      const dzg = dc * i * (1 - gg * gg);
      const dzo = dhj * tc * o * (1 - o);
      dxp[zo + j] = dghStep[sz + j] = dzi;
      dxp[zo + H + j] = dghStep[sz + H + j] = dzf;
      dxp[zo + 2 * H + j] = dghStep[sz + 2 * H + j] = dzg;
      dxp[zo + 3 * H + j] = dghStep[sz + 3 * H + j] = dzo;
      dcRun[so + j] = dc * f;
      dh[so + j] = 0;
    }
  },
};
