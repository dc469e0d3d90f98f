// gpu.js kernel sources of the chunked linear scan h_t = a_t ⊙ h_{t−1} + b_t over one block
// [Bb, L, X] (gpu.js dims [X, L, Bb]); the same kernels scan chunk carries of the selective scan
// (X = D·N) and run the reverse scans of the backward passes.
//
// Glossary: T chunk length (a power of two), nC = ⌈L/T⌉ chunks, τ the position in scan order
// (τ = t forward, τ = L−1−t reverse), P_c = Π_{τ∈c} a_τ the chunk decay, S_c the chunk-local scan
// from zero, G_c = P_c G_{c−1} + S_c the state after chunk c (a scan over chunk carries; Blelloch
// 1990, Martin & Cundy 2018). Every output thread walks from the carry of its chunk to its own
// position: at most T steps, and the chunk-level scan keeps the work O(L·T) per channel.
// With nC = 1 (the sequential form) there are no carries: each thread walks from h0.
// Index arithmetic is inlined as integers (kernel-index.ts).
import { type IndexStyle, idiv, imax, imin } from './kernel-index';
import { flt, type KernelSpec, makeSpec } from './kernel-spec';

export interface LinearBlock extends IndexStyle {
  /** Bb */
  batch: number;
  /** L */
  length: number;
  /** X: channels */
  width: number;
  /** T */
  chunk: number;
  /** scan from the end (h_t = a_t h_{t+1} + b_t, h_L = h0) */
  reverse: boolean;
  /** an initial state is given */
  hasH0: boolean;
}

export function chunkCount(b: { length: number; chunk: number }): number {
  return Math.ceil(b.length / b.chunk);
}

function tag(b: LinearBlock): string {
  return `${b.batch}x${b.length}x${b.width}:T${b.chunk}:${b.reverse ? 'r' : 'f'}${b.hasH0 ? 'h' : ''}${b.intOps ? 'i' : ''}`;
}

/** The physical time index of scan position `tau`. */
function phys(b: LinearBlock, tau: string): string {
  return b.reverse ? `(${b.length - 1} - (${tau}))` : `(${tau})`;
}

const X = 'this.thread.x';
const Y = 'this.thread.y';
const Z = 'this.thread.z';

/** a: [Bb, L, X] -> P: [Bb, nC, X], the product of a over each chunk (in scan order). */
export function linearDecaySource(b: LinearBlock): KernelSpec {
  const t0 = `(${Y} * ${b.chunk})`;
  const body = `  let p = 1.0;
  for (let j = 0; j < ${imin(`${b.length} - ${t0}`, b.chunk, b)}; j++) {
    p = p * a[${Z}][${phys(b, `${t0} + j`)}][${X}];
  }
  return p;`;
  return makeSpec(`lsDecay:${tag(b)}`, ['a'], body, [b.width, chunkCount(b), b.batch], b.chunk, false);
}

/** a, v: [Bb, L, X] -> S: [Bb, nC, X], the scan of each chunk from zero, at the chunk's end. */
export function linearLocalSource(b: LinearBlock): KernelSpec {
  const t0 = `(${Y} * ${b.chunk})`;
  const p = phys(b, `${t0} + j`);
  const body = `  let h = 0.0;
  for (let j = 0; j < ${imin(`${b.length} - ${t0}`, b.chunk, b)}; j++) {
    h = a[${Z}][${p}][${X}] * h + v[${Z}][${p}][${X}];
  }
  return h;`;
  return makeSpec(`lsLocal:${tag(b)}`, ['a', 'v'], body, [b.width, chunkCount(b), b.batch], b.chunk, false);
}

/**
 * a, v: [Bb, L, X], G: [Bb, nC, X] (states after each chunk, scan order; only when nC > 1),
 * h0: [Bb, X] (when hasH0) -> h: [Bb, L, X] in natural time order. With `withInitial` the
 * output has L + 1 rows and also holds the initial state: forward, row 0 = h0 and row t + 1 =
 * h_t; reverse, row t = h_t and row L = h0 (the carry layouts of kernel-source-walks.ts).
 */
export function linearOutputSource(b: LinearBlock, withInitial = false): KernelSpec {
  const nC = chunkCount(b);
  const L = b.length;
  const params = ['a', 'v'];
  if (nC > 1) params.push('G');
  if (b.hasH0) params.push('h0');
  const start = b.hasH0 ? `h0[${Z}][${X}]` : flt(0);
  let tau: string;
  let ret = 'h';
  if (!withInitial) tau = b.reverse ? `(${L - 1} - ${Y})` : Y;
  else if (b.reverse) {
    tau = `(${L - 1} - ${imin(Y, L - 1, b)})`;
    ret = `${Y} < ${L} ? h : ${start}`;
  } else {
    tau = imax(`${Y} - 1`, 0, b);
    ret = `${Y} > 0 ? h : ${start}`;
  }
  const c = idiv(tau, b.chunk, b);
  const t0 = `(${c} * ${b.chunk})`;
  const init = nC > 1 ? `${c} > 0 ? G[${Z}][${imax(`${c} - 1`, 0, b)}][${X}] : ${start}` : start;
  const p = phys(b, `${t0} + i`);
  const body = `  let h = ${init};
  for (let i = 0; i < (${tau}) - ${t0} + 1; i++) {
    h = a[${Z}][${p}][${X}] * h + v[${Z}][${p}][${X}];
  }
  return ${ret};`;
  return makeSpec(
    `lsOut:${tag(b)}${withInitial ? ':init' : ''}`,
    params,
    body,
    [b.width, L + (withInitial ? 1 : 0), b.batch],
    Math.min(b.chunk, L) + 1,
    false,
  );
}

/** a: [Bb, L, X] -> a′: [Bb, L, X] with a′_t = a_{t+1} and a′_{L−1} = 0 (the reverse pass's decay). */
export function shiftForwardSource(batch: number, length: number, width: number, s: IndexStyle): KernelSpec {
  const body = `  return ${Y} < ${length - 1} ? a[${Z}][${imin(`${Y} + 1`, length - 1, s)}][${X}] : ${flt(0)};`;
  return makeSpec(
    `shift:${batch}x${length}x${width}${s.intOps ? 'i' : ''}`,
    ['a'],
    body,
    [width, length, batch],
    1,
    false,
  );
}

/** g̃, h: [Bb, L, X], h0: [Bb, X] -> ∂a: [Bb, L, X] = g̃_t ⊙ h_{t−1} (h_{−1} = h0 or 0). */
export function gradCoefficientSource(
  batch: number,
  length: number,
  width: number,
  hasH0: boolean,
  s: IndexStyle,
): KernelSpec {
  const params = hasH0 ? ['gt', 'h', 'h0'] : ['gt', 'h'];
  const first = hasH0 ? `h0[${Z}][${X}]` : flt(0);
  const body = `  const prev = ${Y} > 0 ? h[${Z}][${imax(`${Y} - 1`, 0, s)}][${X}] : ${first};
  return gt[${Z}][${Y}][${X}] * prev;`;
  return makeSpec(
    `gradA:${batch}x${length}x${width}:${hasH0 ? 'h' : ''}${s.intOps ? 'i' : ''}`,
    params,
    body,
    [width, length, batch],
    1,
    false,
  );
}

/** a, g̃: [Bb, L, X] -> ∂h0: [Bb, X] = a_0 ⊙ g̃_0. */
export function gradInitialSource(batch: number, length: number, width: number): KernelSpec {
  const body = `  return a[${Y}][0][${X}] * gt[${Y}][0][${X}];`;
  return makeSpec(`gradH0:${batch}x${length}x${width}`, ['a', 'gt'], body, [width, batch], 1, false);
}

/** v with gpu.js dims `dims` -> the same values (uploads a host array as a resident buffer). */
export function identitySource(dims: readonly number[]): KernelSpec {
  const idx = dims.length === 3 ? `v[${Z}][${Y}][${X}]` : dims.length === 2 ? `v[${Y}][${X}]` : `v[${X}]`;
  return makeSpec(`id:${dims.join('x')}`, ['v'], `  return ${idx};`, [...dims], 1, false);
}
