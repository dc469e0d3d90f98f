// Source snippets shared by the selective-scan kernels: the forward walk (the recurrence from a
// known state up to a position) and the reverse walk (the adjoint recurrence from a known
// gradient down to a position). A kernel thread owns one output and walks at most one chunk.
//
// Glossary: Δ_s = dl[b][s][d], Ā_s = exp(Δ_s A_n), forward h_s = Ā_s h_{s−1} + Δ_s B_s[n] u_s;
// reverse ğ_s = C_s[n]·gy_s + Ā_{s+1} ğ_{s+1} with Ā_L = 1, where gy is the cotangent of
// y = C·h + D u (after the gate's chain rule) and ğ_s = ∂loss/∂h_s.
//
// Operands are packed so that no kernel binds more than 8 storage buffers (WebGPU's default
// per-stage limit, output included):
//   P  [D, N+2]        A[d][n] for n < N, D[d] at N, the δ bias at N+1
//   BC [Bb, L, 2·G·N]  B_t in the first G·N entries of a row, C_t in the next G·N (backward;
//                      the forward binds Bm and Cm [Bb, L, G·N] apart: k.separateBC)
//   G  [Bb, nC+1, D·N] G[c] = the state before chunk c (row 0 = h0 or 0, row nC = last state)
//   X  [Bb, nC+1, D·N] X[c] = ğ at the start of chunk c (row nC = ḡ_last or 0)
// In the sequential form (one chunk) there are no G and X: walks start from h0 and ḡ_last.
// Indices are inline integer expressions (kernel-index.ts); `an` (= A[d][n]) must be in scope.
import { expStatement } from './kernel-exp';
import { type IndexStyle, idiv, imin } from './kernel-index';
import { flt } from './kernel-spec';
import { blockChunks, type SelectiveBlock } from './selective-block';

let counter = 0;

/** Where a thread is: inline expressions for batch row, channel, state index and group offset. */
export interface Where {
  b: string;
  d: string;
  n: string;
  /** group·N: the start of the channel's group inside a B (or C) row */
  boff: string;
}

/** The group offset of channel expression `d`. */
export function groupOffset(k: SelectiveBlock, d: string): string {
  if (k.groups === 1) return '0';
  return `(${idiv(d, k.channels / k.groups, k)} * ${k.state})`;
}

/** Offset of C inside a BC row. */
export function cOffset(k: SelectiveBlock): number {
  return k.groups * k.state;
}

/**
 * A sum of index terms with the numeric ones folded: GLSL output of gpu.js types `0 + 1` as a
 * float, which its texture reads refuse as an index.
 */
export function indexSum(...terms: string[]): string {
  let k = 0;
  const rest: string[] = [];
  for (const t of terms) {
    if (/^\d+$/.test(t)) k += Number(t);
    else rest.push(t);
  }
  if (rest.length === 0) return String(k);
  return k === 0 ? rest.join(' + ') : `${rest.join(' + ')} + ${k}`;
}

export function readB(k: SelectiveBlock, w: Where, s: string): string {
  if (k.separateBC) return `Bm[${w.b}][${s}][${indexSum(w.boff, w.n)}]`;
  return `BC[${w.b}][${s}][${indexSum(w.boff, w.n)}]`;
}

export function readC(k: SelectiveBlock, w: Where, s: string): string {
  if (k.separateBC) return `Cm[${w.b}][${s}][${indexSum(w.boff, w.n)}]`;
  return `BC[${w.b}][${s}][${indexSum(String(cOffset(k)), w.boff, w.n)}]`;
}

/** The kernel parameters that hold B (and C when `withC`). */
export function projectionParams(k: SelectiveBlock, withC: boolean): string[] {
  if (!k.separateBC) return ['BC'];
  return withC ? ['Bm', 'Cm'] : ['Bm'];
}

/** Chunk geometry of position expression `t`: c, c0 = c·T, c1 = min(c0 + T, L). */
export function chunkExprs(k: SelectiveBlock, t: string): { c: string; c0: string; c1: string } {
  const c = idiv(t, k.chunk, k);
  const c0 = `(${c} * ${k.chunk})`;
  return { c, c0, c1: imin(`${c0} + ${k.chunk}`, k.length, k) };
}

/** Whether the walks read carries (chunked form). */
export function chunked(k: SelectiveBlock): boolean {
  return blockChunks(k) > 1;
}

/** The state before chunk c, h_{c0−1}. */
export function forwardStart(k: SelectiveBlock, w: Where, c: string): string {
  if (chunked(k)) return `G[${w.b}][${c}][${indexSum(`(${w.d}) * ${k.state}`, w.n)}]`;
  return k.hasH0 ? `h0[${w.b}][${w.d}][${w.n}]` : flt(0);
}

/** ğ just after chunk c, ğ_{c1}. */
export function reverseStart(k: SelectiveBlock, w: Where, c: string): string {
  const next = /^\d+$/.test(c) ? String(Number(c) + 1) : `${c} + 1`;
  if (chunked(k)) return `X[${w.b}][${next}][${indexSum(`(${w.d}) * ${k.state}`, w.n)}]`;
  return k.hasGLast ? `gLast[${w.b}][${w.d}][${w.n}]` : flt(0);
}

/** The kernel parameters forward walks need. */
export function forwardParams(k: SelectiveBlock): string[] {
  if (chunked(k)) return ['G'];
  return k.hasH0 ? ['h0'] : [];
}

/** The kernel parameters reverse walks need. */
export function reverseParams(k: SelectiveBlock): string[] {
  if (chunked(k)) return ['X'];
  return k.hasGLast ? ['gLast'] : [];
}

/** `let v = start;` then the forward recurrence for s = from .. to (inclusive). */
export function forwardWalk(
  k: SelectiveBlock,
  w: Where,
  v: string,
  start: string,
  from: string,
  to: string,
): string {
  const q = counter++;
  const s = `(${from}) + i${q}`;
  return [
    `let ${v} = ${start};`,
    `for (let i${q} = 0; i${q} < (${to}) - (${from}) + 1; i${q}++) {`,
    `  const dt${q} = dl[${w.b}][${s}][${w.d}];`,
    `  ${expStatement(`e${q}`, `dt${q} * an`, k.fastExp)}`,
    `  ${v} = e${q} * ${v} + dt${q} * u[${w.b}][${s}][${w.d}] * ${readB(k, w, s)};`,
    '}',
  ].join('\n');
}

/** `let v = start;` then the reverse recurrence for s = c1 − 1 down to `to` (inclusive). */
export function reverseWalk(
  k: SelectiveBlock,
  w: Where,
  v: string,
  start: string,
  c1: string,
  to: string,
): string {
  const q = counter++;
  const L = k.length;
  const s = `(${c1}) - 1 - j${q}`;
  return [
    `let ${v} = ${start};`,
    `for (let j${q} = 0; j${q} < (${c1}) - (${to}); j${q}++) {`,
    `  const dn${q} = dl[${w.b}][${imin(`(${c1}) - j${q}`, L - 1, k)}][${w.d}];`,
    `  ${expStatement(`en${q}`, `dn${q} * an`, k.fastExp)}`,
    `  const eN${q} = ((${c1}) - j${q} < ${L}) ? en${q} : ${flt(1)};`,
    `  ${v} = ${readC(k, w, s)} * gy[${w.b}][${s}][${w.d}] + eN${q} * ${v};`,
    '}',
  ].join('\n');
}

/** The style of a block's index arithmetic. */
export function styleOf(k: SelectiveBlock): IndexStyle {
  return { intOps: k.intOps };
}

/**
 * `const a_n = A[d][n]` for every state n: the unrolled walks below keep all N states of a
 * channel in registers (as mamba's CUDA kernel does), so Δ_s and u_s are read once per step
 * instead of once per step and state.
 */
export function stateMatrixRow(k: SelectiveBlock, w: Where): string {
  const out: string[] = [];
  for (let n = 0; n < k.state; n++) out.push(`const a_${n} = P[${w.d}][${n}];`);
  return out.join('\n');
}

/** The forward walk of all N states at once: `let h_n = start(n)`, then steps s = from .. to. */
export function forwardWalkAll(
  k: SelectiveBlock,
  w: Where,
  h: string,
  start: (n: string) => string,
  from: string,
  to: string,
): string {
  const q = counter++;
  const s = `(${from}) + i${q}`;
  const lines: string[] = [];
  for (let n = 0; n < k.state; n++) lines.push(`let ${h}_${n} = ${start(String(n))};`);
  lines.push(`for (let i${q} = 0; i${q} < (${to}) - (${from}) + 1; i${q}++) {`);
  lines.push(`  const dt${q} = dl[${w.b}][${s}][${w.d}];`);
  lines.push(`  const du${q} = dt${q} * u[${w.b}][${s}][${w.d}];`);
  for (let n = 0; n < k.state; n++) {
    lines.push(`  ${expStatement(`e${q}_${n}`, `dt${q} * a_${n}`, k.fastExp)}`);
    lines.push(`  ${h}_${n} = e${q}_${n} * ${h}_${n} + du${q} * ${readB(k, { ...w, n: String(n) }, s)};`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The reverse walk of all N states at once: `let g_n = start(n)`, then s = c1 − 1 down to `to`. */
export function reverseWalkAll(
  k: SelectiveBlock,
  w: Where,
  g: string,
  start: (n: string) => string,
  c1: string,
  to: string,
): string {
  const q = counter++;
  const L = k.length;
  const s = `(${c1}) - 1 - j${q}`;
  const lines: string[] = [];
  for (let n = 0; n < k.state; n++) lines.push(`let ${g}_${n} = ${start(String(n))};`);
  lines.push(`for (let j${q} = 0; j${q} < (${c1}) - (${to}); j${q}++) {`);
  // Ā_{s+1}, with Ā_L = 1: past the end the step reads as 0, and exp(0·A) = 1
  lines.push(`  const dr${q} = dl[${w.b}][${imin(`(${c1}) - j${q}`, L - 1, k)}][${w.d}];`);
  lines.push(`  const dn${q} = ((${c1}) - j${q} < ${L}) ? dr${q} : ${flt(0)};`);
  lines.push(`  const gy${q} = gy[${w.b}][${s}][${w.d}];`);
  for (let n = 0; n < k.state; n++) {
    lines.push(`  ${expStatement(`en${q}_${n}`, `dn${q} * a_${n}`, k.fastExp)}`);
    lines.push(`  ${g}_${n} = ${readC(k, { ...w, n: String(n) }, s)} * gy${q} + en${q}_${n} * ${g}_${n};`);
  }
  lines.push('}');
  return lines.join('\n');
}
