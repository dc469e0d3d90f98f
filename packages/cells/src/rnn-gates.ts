// The vanilla (Elman 1990) RNN step, pointwise part, as torch.nn.RNN:
//
// Glossary: a = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh (one block of H), h' = φ(a), φ = tanh or relu.
// Backward: da = dh' ⊙ φ'(a), written through h' (φ' = 1 − h'² for tanh, [h' > 0] for relu, with
// relu's derivative 0 at 0 as torch). Nothing skips W_hh, so the direct part of dh is 0.
import type { BackwardBuffers, ForwardBuffers, GateKernel } from './step-buffers';

function rnnGates(relu: boolean): GateKernel {
  return {
    forwardRow(f: ForwardBuffers, b: number, p: number): void {
      const { H, xp, gh, bias, h, y, saved } = f;
      const xo = f.xpOffset + p * H;
      const go = b * H;
      const bo = f.biasOffset;
      const so = b * H;
      const po = p * H;
      for (let j = 0; j < H; j++) {
        const a = xp[xo + j]! + gh[go + j]! + bias[bo + j]!;
        const hNext = relu ? Math.max(a, 0) : Math.tanh(a);
        if (saved) saved.hPrev[po + j] = h[so + j]!;
        h[so + j] = hNext;
        y[po + j] = hNext;
      }
    },

    backwardRow(g: BackwardBuffers, b: number, p: number): void {
      const { H, gy, dh, dxp, dghStep, y } = g;
      const so = b * H;
      const po = p * H;
      const gyo = g.gyOffset + po;
      for (let j = 0; j < H; j++) {
        const dhj = dh[so + j]! + (gy ? gy[gyo + j]! : 0);
        const out = y[po + j]!;
        const da = relu ? (out > 0 ? dhj : 0) : dhj * (1 - out * out);
        dxp[po + j] = dghStep[so + j] = da;
        dh[so + j] = 0;
      }
    },
  };
}

export const rnnTanhGates: GateKernel = rnnGates(false);
export const rnnReluGates: GateKernel = rnnGates(true);
