// The forward output four time steps per thread (webgpu only): gpu.js gives a thread one output,
// which forces every y_t to re-walk its chunk from the carry, (T+1)/2 steps of N exps on average.
// A kernel returning Array(4) writes four values per thread, so a thread walks from its chunk's
// carry to t0 = 4·j and then emits y_t0 .. y_t0+3 from one walk: (T/4 + 1)/2 + ¾ steps per
// output instead of (T+1)/2 (2.5 against 8.5 at T = 16), and a quarter of the loads of B.
//
// gpu.js writes an Array(4) result as result[4·i + c], i the thread's flat index: with threads
// laid out [D, L/4, Bb] that is [Bb][L/4][D][4], time inside the innermost four. A second kernel
// moves it to [Bb, L, D] (one read and one write per element). The first kernel's result is read
// there as a plain array [4·D, L/4, Bb] of the same buffer (KernelRunner: `components`), since
// gpu.js's webgpu backend takes no Array(n) results as arguments.
//
// Needs T a multiple of 4 (a quad of steps never straddles a chunk); past L the last quad repeats
// step L − 1, and the copy ignores those values.
import { expStatement } from './kernel-exp';
import { idiv, imin } from './kernel-index';
import {
  forwardParams,
  forwardStart,
  forwardWalkAll,
  groupOffset,
  projectionParams,
  readB,
  readC,
  stateMatrixRow,
  type Where,
} from './kernel-source-walks';
import { type KernelSpec, makeSpec } from './kernel-spec';
import { blockTag, type SelectiveBlock } from './selective-block';

const X = 'this.thread.x';
const Y = 'this.thread.y';
const Z = 'this.thread.z';

/** Time quads of a block: ⌈L/4⌉. */
export function timeQuadCount(k: SelectiveBlock): number {
  return Math.ceil(k.length / 4);
}

/** On by default; bench/device.ts turns it off to time the one-step-per-thread output beside it. */
export const TIME_QUADS = { enabled: true };

/** Whether a block can use time quads (see the header). */
export function timeQuadsFit(chunk: number, length: number): boolean {
  return TIME_QUADS.enabled && length >= 4 && (chunk >= length || chunk % 4 === 0);
}

/**
 * Δ, u, z [Bb, L, D], P, B, C, G (chunked) or h0 -> Array(4) per thread (d, j, b): y or out at
 * t = 4j .. 4j + 3 (y before the gate when !gated).
 */
export function outputTimeQuadSource(k: SelectiveBlock, gated: boolean): KernelSpec {
  const gate = k.hasZ && gated;
  const params = ['dl', 'u', 'P', ...projectionParams(k, true), ...(gate ? ['z'] : []), ...forwardParams(k)];
  const w: Where = { b: Z, d: X, n: 'n', boff: groupOffset(k, X) };
  const t0 = `(${Y} * 4)`;
  const c = idiv(t0, k.chunk, k);
  const c0 = `(${c} * ${k.chunk})`;
  const lines = [
    stateMatrixRow(k, w),
    // the walk from the chunk's carry up to t0 − 1 (none when t0 starts the chunk)
    forwardWalkAll(k, w, 'h', (n) => forwardStart(k, { ...w, n }, c), c0, `${t0} - 1`),
  ];
  const ys: string[] = [];
  for (let j = 0; j < 4; j++) {
    const s = `s${j}`;
    lines.push(`const ${s} = ${imin(`${t0} + ${j}`, k.length - 1, k)};`);
    lines.push(`const dq${j} = dl[${Z}][${s}][${X}];`);
    lines.push(`const uq${j} = u[${Z}][${s}][${X}];`);
    const terms: string[] = [];
    for (let n = 0; n < k.state; n++) {
      lines.push(expStatement(`eq${j}_${n}`, `dq${j} * a_${n}`, k.fastExp));
      lines.push(`h_${n} = eq${j}_${n} * h_${n} + dq${j} * uq${j} * ${readB(k, { ...w, n: String(n) }, s)};`);
      terms.push(`${readC(k, { ...w, n: String(n) }, s)} * h_${n}`);
    }
    const skip = k.hasD ? ` + P[${X}][${k.state}] * uq${j}` : '';
    lines.push(`const yq${j} = ${terms.join(' + ')}${skip};`);
    if (gate) {
      lines.push(`const zq${j} = z[${Z}][${s}][${X}];`);
      ys.push(`yq${j} * zq${j} / (1.0 + Math.exp(-zq${j}))`);
    } else ys.push(`yq${j}`);
  }
  lines.push(`return [${ys.join(', ')}];`);
  return {
    ...makeSpec(
      `ssOut4:${blockTag(k)}:${gated ? 'gated' : 'pre'}`,
      params,
      lines.join('\n'),
      [k.channels, timeQuadCount(k), k.batch],
      Math.max(k.state, Math.min(k.chunk, k.length) + 1),
      k.fastExp,
    ),
    components: 4,
  };
}

/** q [Bb, ⌈L/4⌉, D, 4] (read as [4·D, ⌈L/4⌉, Bb]) -> [Bb, L, D]: out[b][t][d] = q[b][t/4][d][t mod 4]. */
export function timeQuadsToRowsSource(k: SelectiveBlock): KernelSpec {
  const body = `  return q[${Z}][${Y} >> 2][(${X} << 2) + (${Y} & 3)];`;
  return makeSpec(
    `ssRows4:${k.batch}x${k.length}x${k.channels}`,
    ['q'],
    body,
    [k.channels, k.length, k.batch],
    1,
    false,
  );
}
