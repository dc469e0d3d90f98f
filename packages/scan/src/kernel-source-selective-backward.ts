// gpu.js kernel sources of the selective scan's backward pass over one block: a reverse scan
// with recomputation, as mamba's CUDA backward kernel (selective_scan_bwd_kernel.cuh) does it:
// forward chunk carries are recomputed, reverse chunk carries of ğ come from a reverse scan over
// chunks, and each gradient thread re-walks its chunk forward (for h_{t−1}) and backward (for ğ_t).
//
// Glossary: gy = ∂loss/∂y (ḡ_out·silu(z), or ḡ_out without a gate), ğ_t = ∂loss/∂h_t,
//   ğ_t = C_t gy_t + Ā_{t+1} ğ_{t+1}  (ğ_L = ḡ_last, Ā_L = 1),
//   ∂u_t = D gy_t + Δ_t Σ_n ğ_t B_t,   ∂Δ_t = Σ_n ğ_t (A Ā_t h_{t−1} + B_t u_t),
//   ∂A = Σ_{b,t} Δ_t ğ_t Ā_t h_{t−1},  ∂B_t = Σ_{d∈g} Δ_t u_t ğ_t,  ∂C_t = Σ_{d∈g} gy_t h_t,
//   ∂D = Σ_{b,t} gy_t u_t,  ∂δ = ∂Δ·σ(δ + bias) under softplus,  ∂bias = Σ_{b,t} ∂δ,
//   ∂z = ḡ_out·y·σ(z)(1 + z(1 − σ(z))),  ∂h0 = Ā_0 ğ_0.
// Reverse chunk summaries: Q_c = Π_{r=c0+1}^{c1} Ā_r = exp(A·Σ_{r=c0+1}^{min(c1,L−1)} Δ_r) and
// R_c = the reverse walk of chunk c from zero; X_c = Q_c X_{c+1} + R_c = ğ_{c0}.
import { expStatement } from './kernel-exp';
import { idiv, imin, imod } from './kernel-index';
import { whereChannelState } from './kernel-source-selective';
import {
  chunkExprs,
  forwardParams,
  forwardStart,
  forwardWalk,
  forwardWalkAll,
  groupOffset,
  readB,
  reverseParams,
  reverseStart,
  reverseWalk,
  reverseWalkAll,
  stateMatrixRow,
  type Where,
} from './kernel-source-walks';
import { flt, type KernelSpec, makeSpec } from './kernel-spec';
import { blockChunks, blockTag, type SelectiveBlock } from './selective-block';

const X = 'this.thread.x';
const Y = 'this.thread.y';
const Z = 'this.thread.z';

function loopMax(k: SelectiveBlock): number {
  return Math.max(k.state, Math.min(k.chunk, k.length) + 1, k.channels / k.groups);
}

function dims(k: SelectiveBlock): number[] {
  return [k.channels, k.length, k.batch];
}

/** gy = ḡ_out·silu(z): ḡ_out, z [Bb, L, D] -> [Bb, L, D]. */
export function gateGradSource(k: SelectiveBlock): KernelSpec {
  const body = `  const zz = z[${Z}][${Y}][${X}];
  return gOut[${Z}][${Y}][${X}] * zz / (1.0 + Math.exp(-zz));`;
  return makeSpec(`ssGy:${blockTag(k)}`, ['gOut', 'z'], body, dims(k), 1, false);
}

/** ∂z = ḡ_out·y·σ(z)(1 + z(1 − σ(z))): ḡ_out, y (before the gate), z [Bb, L, D] -> [Bb, L, D]. */
export function gateInputGradSource(k: SelectiveBlock): KernelSpec {
  const body = `  const zz = z[${Z}][${Y}][${X}];
  const sg = 1.0 / (1.0 + Math.exp(-zz));
  return gOut[${Z}][${Y}][${X}] * y[${Z}][${Y}][${X}] * sg * (1.0 + zz * (1.0 - sg));`;
  return makeSpec(`ssGz:${blockTag(k)}`, ['gOut', 'y', 'z'], body, dims(k), 1, false);
}

/** Δ [Bb, L, D], P -> Q [Bb, nC, D·N] = exp(A·Σ_{r=c0+1}^{min(c1, L−1)} Δ_r). */
export function reverseDecaySource(k: SelectiveBlock): KernelSpec {
  const w = whereChannelState(k);
  const c0 = `(${Y} * ${k.chunk})`;
  const hi = imin(`${c0} + ${k.chunk}`, k.length - 1, k);
  const body = `  let sum = 0.0;
  for (let i = 0; i < ${hi} - ${c0}; i++) {
    sum = sum + dl[${w.b}][${c0} + 1 + i][${w.d}];
  }
  ${expStatement('e', `P[${w.d}][${w.n}] * sum`, k.fastExp)}
  return e;`;
  return makeSpec(
    `ssRDecay:${blockTag(k)}`,
    ['dl', 'P'],
    body,
    [k.channels * k.state, blockChunks(k), k.batch],
    k.chunk + 1,
    k.fastExp,
  );
}

/** Δ, gy [Bb, L, D], P, BC -> R [Bb, nC, D·N]: ğ at each chunk's start when ğ after the chunk is 0. */
export function reverseLocalSource(k: SelectiveBlock): KernelSpec {
  const w = whereChannelState(k);
  const c0 = `(${Y} * ${k.chunk})`;
  const c1 = imin(`${c0} + ${k.chunk}`, k.length, k);
  const body = `  const an = P[${w.d}][${w.n}];
${reverseWalk(k, w, 'g', '0.0', c1, c0)}
  return g;`;
  return makeSpec(
    `ssRLocal:${blockTag(k)}`,
    ['dl', 'P', 'BC', 'gy'],
    body,
    [k.channels * k.state, blockChunks(k), k.batch],
    k.chunk,
    k.fastExp,
  );
}

/** ∂u [Bb, L, D] = D gy + Δ Σ_n ğ B. */
export function gradInputSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'P', 'BC', 'gy', ...reverseParams(k)];
  const w: Where = { b: Z, d: X, n: 'n', boff: groupOffset(k, X) };
  const { c, c1 } = chunkExprs(k, Y);
  const skip = k.hasD ? `P[${X}][${k.state}] * gy[${Z}][${Y}][${X}]` : '0.0';
  const terms: string[] = [];
  for (let n = 0; n < k.state; n++) terms.push(`g_${n} * ${readB(k, { ...w, n: String(n) }, Y)}`);
  const body = `${stateMatrixRow(k, w)}
${reverseWalkAll(k, w, 'g', (n) => reverseStart(k, { ...w, n }, c), c1, Y)}
  const acc = ${terms.join(' + ')};
  return ${skip} + dl[${Z}][${Y}][${X}] * acc;`;
  return makeSpec(`ssGu:${blockTag(k)}`, params, body, dims(k), loopMax(k), k.fastExp);
}

/** ∂Δ [Bb, L, D] = Σ_n ğ_t (A Ā_t h_{t−1} + B_t u_t) (the softplus chain rule is stepGradSource). */
export function gradStepSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'u', 'P', 'BC', 'gy', ...forwardParams(k), ...reverseParams(k)];
  const w: Where = { b: Z, d: X, n: 'n', boff: groupOffset(k, X) };
  const { c, c0, c1 } = chunkExprs(k, Y);
  const terms: string[] = [];
  const exps: string[] = [];
  for (let n = 0; n < k.state; n++) {
    exps.push(expStatement(`et_${n}`, `dt * a_${n}`, k.fastExp));
    terms.push(`g_${n} * (a_${n} * et_${n} * hp_${n} + ${readB(k, { ...w, n: String(n) }, Y)} * ut)`);
  }
  const body = `  const dt = dl[${Z}][${Y}][${X}];
  const ut = u[${Z}][${Y}][${X}];
${stateMatrixRow(k, w)}
${forwardWalkAll(k, w, 'hp', (n) => forwardStart(k, { ...w, n }, c), c0, `${Y} - 1`)}
${reverseWalkAll(k, w, 'g', (n) => reverseStart(k, { ...w, n }, c), c1, Y)}
${exps.join('\n')}
  return ${terms.join(' + ')};`;
  return makeSpec(`ssGdelta:${blockTag(k)}`, params, body, dims(k), loopMax(k), k.fastExp);
}

/** ∂δ = ∂Δ·σ(δ + bias) (softplus′): ∂Δ, δ [Bb, L, D], P -> [Bb, L, D]. */
export function stepGradSource(k: SelectiveBlock): KernelSpec {
  const body = `  const r = delta[${Z}][${Y}][${X}] + P[${X}][${k.state + 1}];
  const g = gDl[${Z}][${Y}][${X}];
  return r > 20.0 ? g : g / (1.0 + Math.exp(-r));`;
  return makeSpec(`ssGraw:${blockTag(k)}`, ['gDl', 'delta', 'P'], body, dims(k), 1, false);
}

/** Where a thread of a [G·N, L, Bb] kernel is, for channel i of its group. */
function whereGroupState(k: SelectiveBlock): { grp: string; w: Where } {
  const grp = idiv(X, k.state, k);
  const d = `(${grp} * ${k.channels / k.groups} + i)`;
  return { grp, w: { b: Z, d, n: imod(X, k.state, k), boff: `(${grp} * ${k.state})` } };
}

/** ∂C [Bb, L, G·N] = Σ_{d∈g} gy_t h_t. */
export function gradOutputProjSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'u', 'P', 'BC', 'gy', ...forwardParams(k)];
  const { w } = whereGroupState(k);
  const { c, c0 } = chunkExprs(k, Y);
  const body = `  let acc = 0.0;
  for (let i = 0; i < ${k.channels / k.groups}; i++) {
    const an = P[${w.d}][${w.n}];
${forwardWalk(k, w, 'h', forwardStart(k, w, c), c0, Y)}
    acc = acc + gy[${Z}][${Y}][${w.d}] * h;
  }
  return acc;`;
  return makeSpec(
    `ssGC:${blockTag(k)}`,
    params,
    body,
    [k.groups * k.state, k.length, k.batch],
    loopMax(k),
    k.fastExp,
  );
}

/** ∂B [Bb, L, G·N] = Σ_{d∈g} Δ_t u_t ğ_t. */
export function gradInputProjSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'u', 'P', 'BC', 'gy', ...reverseParams(k)];
  const { w } = whereGroupState(k);
  const { c, c1 } = chunkExprs(k, Y);
  const body = `  let acc = 0.0;
  for (let i = 0; i < ${k.channels / k.groups}; i++) {
    const an = P[${w.d}][${w.n}];
${reverseWalk(k, w, 'g', reverseStart(k, w, c), c1, Y)}
    acc = acc + dl[${Z}][${Y}][${w.d}] * u[${Z}][${Y}][${w.d}] * g;
  }
  return acc;`;
  return makeSpec(
    `ssGB:${blockTag(k)}`,
    params,
    body,
    [k.groups * k.state, k.length, k.batch],
    loopMax(k),
    k.fastExp,
  );
}

/** Per-chunk partial ∂A [Bb, nC, D·N] = Σ_{t∈c} Δ_t ğ_t Ā_t h_{t−1}. */
export function gradStateMatrixPartSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'u', 'P', 'BC', 'gy', ...forwardParams(k), ...reverseParams(k)];
  const w = whereChannelState(k);
  const c = Y;
  const c0 = `(${Y} * ${k.chunk})`;
  const c1 = imin(`${c0} + ${k.chunk}`, k.length, k);
  const t = `${c0} + i`;
  const body = `  const an = P[${w.d}][${w.n}];
  let hp = ${forwardStart(k, w, c)};
  let acc = 0.0;
  for (let i = 0; i < ${c1} - ${c0}; i++) {
    const dt = dl[${w.b}][${t}][${w.d}];
    ${expStatement('et', 'dt * an', k.fastExp)}
${reverseWalk(k, w, 'g', reverseStart(k, w, c), c1, t)}
    acc = acc + dt * g * et * hp;
    hp = et * hp + dt * u[${w.b}][${t}][${w.d}] * ${readB(k, w, t)};
  }
  return acc;`;
  return makeSpec(
    `ssGApart:${blockTag(k)}`,
    params,
    body,
    [k.channels * k.state, blockChunks(k), k.batch],
    loopMax(k),
    k.fastExp,
  );
}

/** ∂h0 [Bb, D, N] (gpu.js dims [N, D, Bb]) = Ā_0 ğ_0. */
export function gradInitialStateSource(k: SelectiveBlock): KernelSpec {
  const params = ['dl', 'P', 'BC', 'gy', ...reverseParams(k)];
  const w: Where = { b: Z, d: Y, n: X, boff: groupOffset(k, Y) };
  // a float constant on GL, where int literals meet float expressions (kernel-spec.ts flt)
  const c1 = k.intOps ? String(Math.min(k.chunk, k.length)) : flt(Math.min(k.chunk, k.length));
  const body = `  const an = P[${w.d}][${w.n}];
${reverseWalk(k, w, 'g', reverseStart(k, w, '0'), c1, '0')}
  ${expStatement('e0', `dl[${w.b}][0][${w.d}] * an`, k.fastExp)}
  return e0 * g;`;
  return makeSpec(
    `ssGh0:${blockTag(k)}`,
    params,
    body,
    [k.state, k.channels, k.batch],
    loopMax(k),
    k.fastExp,
  );
}

/** Partial sums over each chunk of p (or p ⊙ q): [Bb, L, X] -> [Bb, nC, X]. */
export function chunkSumSource(
  batch: number,
  length: number,
  width: number,
  chunk: number,
  product: boolean,
  intOps: boolean,
): KernelSpec {
  const params = product ? ['p', 'q'] : ['p'];
  const t0 = `(${Y} * ${chunk})`;
  const term = product ? `p[${Z}][${t0} + j][${X}] * q[${Z}][${t0} + j][${X}]` : `p[${Z}][${t0} + j][${X}]`;
  const nC = Math.ceil(length / chunk);
  const body = `  let acc = 0.0;
  for (let j = 0; j < ${imin(`${length} - ${t0}`, chunk, { intOps })}; j++) {
    acc = acc + ${term};
  }
  return acc;`;
  return makeSpec(
    `csum:${batch}x${length}x${width}:T${chunk}:${product ? 'pq' : 'p'}${intOps ? 'i' : ''}`,
    params,
    body,
    [width, nC, batch],
    chunk,
    false,
  );
}

/**
 * Σ over batch and rows of p [Bb, R, X] -> [X], laid out with gpu.js dims `out` (x fastest:
 * [X] or [N, D] for X = D·N).
 */
export function rowSumSource(batch: number, rows: number, width: number, out: number[]): KernelSpec {
  const flat = out.length === 2 ? `${Y} * ${out[0]} + ${X}` : X;
  const body = `  let acc = 0.0;
  for (let b = 0; b < ${batch}; b++) {
    for (let r = 0; r < ${rows}; r++) {
      acc = acc + p[b][r][${flat}];
    }
  }
  return acc;`;
  return makeSpec(
    `rsum:${batch}x${rows}x${width}:${out.join('x')}`,
    ['p'],
    body,
    out,
    Math.max(batch, rows),
    false,
  );
}
