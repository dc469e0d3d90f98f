// gpu.js kernel sources of the selective scan's forward pass over one block (library layout
// [Bb, L, D], gpu.js dims [D, L, Bb]; packed operands P, BC and carries G as in
// kernel-source-walks.ts; index arithmetic inlined as integers, kernel-index.ts).
//
// Glossary (Gu & Dao 2023): Δ = softplus(δ + bias), Ā_t = exp(Δ_t A), B̄_t u_t = Δ_t B_t u_t,
// h_t = Ā_t ⊙ h_{t−1} + B̄_t u_t, y_t = C_t·h_t + D u_t, out_t = y_t·silu(z_t).
// The fused form follows mamba's CUDA kernel (csrc/selective_scan/selective_scan_fwd_kernel.cuh):
// the [B, L, D, N] states are never stored; what is stored is one state per chunk ([B, nC, D, N],
// T times smaller). A chunk's decay is exp(A·ΣΔ) (= Π Ā over the chunk), its local state the
// scan from zero; a scan over chunks turns those into carries, and each output thread walks from
// its chunk's carry through at most T steps, contracting with C as it ends. Where mamba's kernel
// runs a block-wide parallel scan inside a chunk, a gpu.js thread computes one output and cannot
// share registers, so it re-walks its chunk prefix: O(T) instead of O(1) work per output.
import { expStatement } from './kernel-exp';
import { idiv, imax, imin, imod } from './kernel-index';
import {
  chunkExprs,
  cOffset,
  forwardParams,
  forwardStart,
  forwardWalk,
  forwardWalkAll,
  groupOffset,
  projectionParams,
  readB,
  readC,
  stateMatrixRow,
  type Where,
} from './kernel-source-walks';
import { flt, type KernelSpec, makeSpec } from './kernel-spec';
import { blockChunks, blockTag, type SelectiveBlock } from './selective-block';

const X = 'this.thread.x';
const Y = 'this.thread.y';
const Z = 'this.thread.z';

/** Where a thread of a [D·N, rows, Bb] kernel is (x = d·N + n). */
export function whereChannelState(k: SelectiveBlock): Where {
  const d = idiv(X, k.state, k);
  return { b: Z, d, n: imod(X, k.state, k), boff: groupOffset(k, d) };
}

/** P [D, N+2] (gpu.js dims [N+2, D]) from A [D, N], D [D] and bias [D] (zeros where absent). */
export function paramsSource(k: SelectiveBlock): KernelSpec {
  const params = ['A', ...(k.hasD ? ['Dv'] : []), ...(k.hasBias ? ['bias'] : [])];
  const N = k.state;
  const body = `  const a = A[${Y}][${imin(X, N - 1, k)}];
  const skip = ${k.hasD ? `Dv[${Y}]` : flt(0)};
  const bb = ${k.hasBias ? `bias[${Y}]` : flt(0)};
  return ${X} < ${N} ? a : (${X} < ${N + 1} ? skip : bb);`;
  return makeSpec(`ssParams:${blockTag(k)}`, params, body, [N + 2, k.channels], 1, false);
}

/** BC [Bb, L, 2·G·N] from B and C [Bb, L, G·N]. */
export function stackProjectionsSource(k: SelectiveBlock): KernelSpec {
  const W = cOffset(k);
  const body = `  const vb = Bm[${Z}][${Y}][${imin(X, W - 1, k)}];
  const vc = Cm[${Z}][${Y}][${imax(`${X} - ${W}`, 0, k)}];
  return ${X} < ${W} ? vb : vc;`;
  return makeSpec(`ssBC:${blockTag(k)}`, ['Bm', 'Cm'], body, [2 * W, k.length, k.batch], 1, false);
}

/** Δ = softplus(δ + bias) (or δ + bias): δ [Bb, L, D], P -> Δ [Bb, L, D]. */
export function stepPrepSource(k: SelectiveBlock): KernelSpec {
  const value = k.softplus ? `r > 20.0 ? r : Math.log(1.0 + Math.exp(r))` : 'r';
  const body = `  const r = delta[${Z}][${Y}][${X}] + P[${X}][${k.state + 1}];
  return ${value};`;
  return makeSpec(`ssPrep:${blockTag(k)}`, ['delta', 'P'], body, [k.channels, k.length, k.batch], 1, false);
}

/** Δ [Bb, L, D], P -> decay [Bb, nC, D·N] = exp(A·ΣΔ) over each chunk. */
export function chunkDecaySource(k: SelectiveBlock): KernelSpec {
  const w = whereChannelState(k);
  const t0 = `(${Y} * ${k.chunk})`;
  const body = `  let sum = 0.0;
  for (let j = 0; j < ${imin(`${k.length} - ${t0}`, k.chunk, k)}; j++) {
    sum = sum + dl[${w.b}][${t0} + j][${w.d}];
  }
  ${expStatement('e', `P[${w.d}][${w.n}] * sum`, k.fastExp)}
  return e;`;
  return makeSpec(
    `ssDecay:${blockTag(k)}`,
    ['dl', 'P'],
    body,
    [k.channels * k.state, blockChunks(k), k.batch],
    k.chunk,
    k.fastExp,
  );
}

/** Δ, u [Bb, L, D], P, B -> S [Bb, nC, D·N]: each chunk's scan from zero. */
export function chunkLocalSource(k: SelectiveBlock): KernelSpec {
  const w = whereChannelState(k);
  const t0 = `(${Y} * ${k.chunk})`;
  const s = `${t0} + j`;
  const body = `  const an = P[${w.d}][${w.n}];
  let h = 0.0;
  for (let j = 0; j < ${imin(`${k.length} - ${t0}`, k.chunk, k)}; j++) {
    const dt = dl[${w.b}][${s}][${w.d}];
    ${expStatement('e', 'dt * an', k.fastExp)}
    h = e * h + dt * u[${w.b}][${s}][${w.d}] * ${readB(k, w, s)};
  }
  return h;`;
  return makeSpec(
    `ssLocal:${blockTag(k)}`,
    ['dl', 'u', 'P', ...projectionParams(k, false)],
    body,
    [k.channels * k.state, blockChunks(k), k.batch],
    k.chunk,
    k.fastExp,
  );
}

/**
 * The last state h_{L−1} [Bb, D, N] (gpu.js dims [N, D, Bb]): the last carry row when nC > 1,
 * else a walk through the whole sequence from h0 (the sequential form).
 */
export function finalStateSource(k: SelectiveBlock): KernelSpec {
  const nC = blockChunks(k);
  const dimsOut = [k.state, k.channels, k.batch];
  if (nC > 1) {
    const body = `  return G[${Z}][${nC}][${Y} * ${k.state} + ${X}];`;
    return makeSpec(`ssLast:${blockTag(k)}`, ['G'], body, dimsOut, 1, false);
  }
  const w: Where = { b: Z, d: Y, n: X, boff: groupOffset(k, Y) };
  const params = ['dl', 'u', 'P', ...projectionParams(k, false), ...forwardParams(k)];
  const body = `  const an = P[${w.d}][${w.n}];
${forwardWalk(k, w, 'h', forwardStart(k, w, '0'), '0', String(k.length - 1))}
  return h;`;
  return makeSpec(`ssLast:${blockTag(k)}`, params, body, dimsOut, k.length + 1, k.fastExp);
}

/** v [Bb, D, N] (gpu.js dims [N, D, Bb]) -> the same values with dims [D·N, Bb] (carry layout). */
export function stateToRowsSource(k: SelectiveBlock): KernelSpec {
  const body = `  return v[${Y}][${idiv(X, k.state, k)}][${imod(X, k.state, k)}];`;
  return makeSpec(
    `toRows:${k.batch}x${k.channels}x${k.state}${k.intOps ? 'i' : ''}`,
    ['v'],
    body,
    [k.channels * k.state, k.batch],
    1,
    false,
  );
}

/**
 * The fused output: Δ, u, z [Bb, L, D], P, BC, G (chunked) or h0 (sequential) -> out [Bb, L, D]
 * (y before the gate when !gated).
 */
export function outputSource(k: SelectiveBlock, gated: boolean): KernelSpec {
  const params = [
    'dl',
    'u',
    'P',
    ...projectionParams(k, true),
    ...(k.hasZ && gated ? ['z'] : []),
    ...forwardParams(k),
  ];
  const w: Where = { b: Z, d: X, n: 'n', boff: groupOffset(k, X) };
  const { c, c0 } = chunkExprs(k, Y);
  const skip = k.hasD ? `P[${X}][${k.state}] * u[${Z}][${Y}][${X}]` : '0.0';
  const ret =
    k.hasZ && gated
      ? `const zz = z[${Z}][${Y}][${X}];\n  return y * zz / (1.0 + Math.exp(-zz));`
      : 'return y;';
  const contract: string[] = [];
  for (let n = 0; n < k.state; n++) contract.push(`${readC(k, { ...w, n: String(n) }, Y)} * h_${n}`);
  const body = `${stateMatrixRow(k, w)}
${forwardWalkAll(k, w, 'h', (n) => forwardStart(k, { ...w, n }, c), c0, Y)}
  const acc = ${contract.join(' + ')};
  const y = acc + ${skip};
  ${ret}`;
  return makeSpec(
    `ssOut:${blockTag(k)}:${gated ? 'gated' : 'pre'}`,
    params,
    body,
    [k.channels, k.length, k.batch],
    Math.max(k.state, Math.min(k.chunk, k.length) + 1),
    k.fastExp,
  );
}
