// Runs a gate kernel on one batch row at one time step (B = L = 1), in float64, and
// differentiates a scalar of its outputs numerically, to test the kernels' formulas directly.
import { gruGates } from '../src/gru-gates';
import type { BackwardBuffers, ForwardBuffers, GateKernel } from '../src/step-buffers';

export interface RowInputs {
  xp: number[];
  gh: number[];
  bias: number[];
  h: number[];
  c?: number[];
}

export interface RowOutputs {
  h: number[];
  c: number[] | null;
}

/** One forward step: the new h (and c) from the pre-activations and the old state. */
export function forwardRow(kernel: GateKernel, H: number, inp: RowInputs): RowOutputs {
  const f64 = (v: number[]) => Float64Array.from(v);
  const GH = inp.xp.length;
  const f: ForwardBuffers = {
    H,
    xp: f64(inp.xp),
    xpOffset: 0,
    bias: f64(inp.bias),
    biasOffset: 0,
    gh: f64(inp.gh),
    h: f64(inp.h),
    c: inp.c ? f64(inp.c) : null,
    y: new Float64Array(H),
    saved: {
      hPrev: new Float64Array(H),
      acts: new Float64Array(GH),
      aux: new Float64Array(H),
      aux2: new Float64Array(H),
    },
  };
  kernel.forwardRow(f, 0, 0);
  return { h: [...f.h], c: f.c ? [...f.c] : null };
}

export interface RowGradients {
  dxp: number[];
  dgh: number[];
  /** ∂/∂h_{t−1} with gh held fixed (the part that does not pass W_hh). */
  dhDirect: number[];
  dc: number[] | null;
}

/** The kernel's backward for cotangents gH (on h') and gC (on c'), via output y's gradient path. */
export function backwardRow(
  kernel: GateKernel,
  H: number,
  inp: RowInputs,
  gH: number[],
  gC?: number[],
): RowGradients {
  const GH = inp.xp.length;
  const saved = {
    hPrev: new Float64Array(H),
    acts: new Float64Array(GH),
    aux: new Float64Array(H),
    aux2: new Float64Array(H),
  };
  const y = new Float64Array(H);
  const f: ForwardBuffers = {
    H,
    xp: Float64Array.from(inp.xp),
    xpOffset: 0,
    bias: Float64Array.from(inp.bias),
    biasOffset: 0,
    gh: Float64Array.from(inp.gh),
    h: Float64Array.from(inp.h),
    c: inp.c ? Float64Array.from(inp.c) : null,
    y,
    saved,
  };
  kernel.forwardRow(f, 0, 0);
  const dxp = new Float64Array(GH);
  const twoArrays = kernel === gruGates; // only the GRU keeps dgh apart from dxp
  const g: BackwardBuffers = {
    H,
    saved,
    y,
    gy: Float64Array.from(gH),
    gyOffset: 0,
    dh: new Float64Array(H),
    dc: inp.c ? Float64Array.from(gC ?? new Array(H).fill(0)) : null,
    dxp,
    dgh: twoArrays ? new Float64Array(GH) : dxp,
    dghStep: new Float64Array(GH),
  };
  kernel.backwardRow(g, 0, 0);
  expectSame(g.dghStep, g.dgh);
  return { dxp: [...g.dxp], dgh: [...g.dgh], dhDirect: [...g.dh], dc: g.dc ? [...g.dc] : null };
}

function expectSame(a: ArrayLike<number>, b: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) throw new Error(`dghStep[${i}] ${a[i]} differs from dgh ${b[i]}`);
}

/** Central differences of L = Σ gH·h' + Σ gC·c' with respect to every input of the row. */
export function numericRowGradients(
  kernel: GateKernel,
  H: number,
  inp: RowInputs,
  gH: number[],
  gC?: number[],
) {
  const eps = 1e-6;
  const objective = (x: RowInputs) => {
    const o = forwardRow(kernel, H, x);
    let s = 0;
    for (let j = 0; j < H; j++) s += gH[j]! * o.h[j]! + (o.c && gC ? gC[j]! * o.c[j]! : 0);
    return s;
  };
  const grad = (key: keyof RowInputs) =>
    (inp[key] ?? []).map((_, i) => {
      const up = structuredClone(inp);
      const down = structuredClone(inp);
      up[key]![i]! += eps;
      down[key]![i]! -= eps;
      return (objective(up) - objective(down)) / (2 * eps);
    });
  return { xp: grad('xp'), gh: grad('gh'), bias: grad('bias'), h: grad('h'), c: inp.c ? grad('c') : null };
}
