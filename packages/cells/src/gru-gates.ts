// The GRU step, pointwise part (Cho et al. 2014), in torch.nn.GRU's form and gate order r, z, n.
//
// Glossary: a = x W_ihᵀ + b_ih = [a_r, a_z, a_n], u = h W_hhᵀ + b_hh = [u_r, u_z, u_n] (blocks of H)
//   r = σ(a_r + u_r)  reset gate     z = σ(a_z + u_z)  update gate
//   n = tanh(a_n + r ⊙ u_n)          new-state candidate (r multiplies after W_hn, as PyTorch;
//                                    the paper's variant resets h before W_hn)
//   h' = (1 − z) ⊙ n + z ⊙ h
// Backward, with dh' given:
//   dn = dh'(1 − z)   dz = dh'(h − n)   d(h) direct = dh' z
//   da_n = dn(1 − n²)   du_n = da_n ⊙ r   dr = da_n ⊙ u_n
//   da_r = du_r = dr·r(1 − r)   da_z = du_z = dz·z(1 − z)
// σ(v) is written inline as 1/(1 + e^−v): exact at both ends (e^−v overflows to ∞ and gives 0,
// never NaN) and, unlike a call, inlined into the loop, where the transcendentals dominate.
import type { BackwardBuffers, ForwardBuffers, GateKernel } from './step-buffers';

export const gruGates: GateKernel = {
  forwardRow(f: ForwardBuffers, b: number, p: number): void {
    const { H, xp, gh, bias, h, y, saved } = f;
    const G = 3 * H;
    const xo = f.xpOffset + p * G;
    const go = b * G;
    const bo = f.biasOffset;
    const so = b * H;
    const po = p * H;
    for (let j = 0; j < H; j++) {
      const r = 1 / (1 + Math.exp(-(xp[xo + j]! + gh[go + j]! + bias[bo + j]!)));
      const z = 1 / (1 + Math.exp(-(xp[xo + H + j]! + gh[go + H + j]! + bias[bo + H + j]!)));
      const un = gh[go + 2 * H + j]! + bias[bo + 2 * H + j]!;
      const n = Math.tanh(xp[xo + 2 * H + j]! + r * un);
      const hPrev = h[so + j]!;
      const hNext = (1 - z) * n + z * hPrev;
      if (saved) {
        const ao = p * G + j;
        saved.acts[ao] = r;
        saved.acts[ao + H] = z;
        saved.acts[ao + 2 * H] = n;
        saved.hPrev[po + j] = hPrev;
        saved.aux[po + j] = un;
      }
      h[so + j] = hNext;
      y[po + j] = hNext;
    }
  },

  backwardRow(g: BackwardBuffers, b: number, p: number): void {
    const { H, saved, gy, dh, dxp, dgh, dghStep } = g;
    const { acts, hPrev, aux: un } = saved;
    const G = 3 * H;
    const so = b * H;
    const po = p * H;
    const zo = p * G;
    const sz = b * G;
    const gyo = g.gyOffset + po;
    for (let j = 0; j < H; j++) {
      const dhj = dh[so + j]! + (gy ? gy[gyo + j]! : 0);
      const r = acts[zo + j]!;
      const z = acts[zo + H + j]!;
      const n = acts[zo + 2 * H + j]!;
      const dan = dhj * (1 - z) * (1 - n * n);
      const dar = dan * un[po + j]! * r * (1 - r);
      const daz = dhj * (hPrev[po + j]! - n) * z * (1 - z);
      const dun = dan * r;
      dxp[zo + j] = dgh[zo + j] = dghStep[sz + j] = dar;
      dxp[zo + H + j] = dgh[zo + H + j] = dghStep[sz + H + j] = daz;
      dxp[zo + 2 * H + j] = dan;
      dgh[zo + 2 * H + j] = dghStep[sz + 2 * H + j] = dun;
      dh[so + j] = dhj * z;
    }
  },
};
